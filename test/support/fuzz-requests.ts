import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Rng } from './crash-harness-rng';
import { fuzzId, fuzzString, unknownEnum, uuid, wrongType } from './fuzz-values';
import type { FuzzWorld } from './fuzz-world';
import { MUTATION_SPECS } from './fuzz-mutations';

/** One HTTP request of the fuzz, and how it was made. */
export interface FuzzRequest {
  mutation: string;
  mode: 'valid' | 'mutated' | 'random' | 'broken-document';
  body: { query: string; variables?: Record<string, unknown> };
  token?: string;
  idempotencyKey?: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Builds one request for `mutation`: plausible, plausible with a few values made hostile, or typed random. */
export function buildRequest(schema: GraphQLSchema, world: FuzzWorld, rng: Rng, mutation: string): FuzzRequest {
  const field = schema.getMutationType()!.getFields()[mutation];
  const spec = MUTATION_SPECS[mutation];
  const planned = spec && rng.chance(0.85) ? spec.plan(world, rng) : undefined;
  let mode: FuzzRequest['mode'] = planned ? (rng.chance(0.55) ? 'valid' : 'mutated') : 'random';
  let args = planned?.args ?? Object.fromEntries(field.args.flatMap((arg) => (isNonNullType(arg.type) || rng.chance(0.5) ? [[arg.name, randomValue(arg.type, world, rng, 0)]] : [])));
  let token = planned?.token ?? randomToken(world, rng);
  if (mode === 'mutated') {
    args = mutateTree(args, world, rng, rng.int(1, 3)) as Record<string, unknown>;
    if (rng.chance(0.25)) token = randomToken(world, rng);
  }
  const selection = spec?.selection ?? selectionFor(schema, mutation);
  const inline = rng.chance(0.2);
  let body = inline ? inlineDocument(mutation, field.args, args, selection) : variablesDocument(mutation, field.args, args, selection);
  if (rng.chance(0.02)) {
    mode = 'broken-document';
    body = { ...body, query: breakDocument(body.query, rng) };
  }
  const idempotencyKey = rng.chance(0.05) ? rng.pick([uuid(rng), '', 'k'.repeat(256), 'schl\u00fcssel', "'; DROP TABLE idempotency; --"]) : undefined;
  return { mutation, mode, body, token, idempotencyKey };
}

/** Another firm's, a removed member's, a made-up, a malformed or no token at all. */
function randomToken(world: FuzzWorld, rng: Rng): string | undefined {
  const firm = world.firm(rng);
  const members = firm ? world.members(firm).filter((member) => member.token) : [];
  switch (rng.weighted({ member: 5, former: 1, madeUp: 1, none: 1, garbage: 1 })) {
    case 'member':
      return members.length > 0 ? rng.pick(members).token : undefined;
    case 'former':
      return world.formerTokens.length > 0 ? rng.pick(world.formerTokens) : undefined;
    case 'madeUp':
      return `acc_${uuid(rng)}`;
    case 'none':
      return undefined;
    default:
      return rng.pick(['', ' ', 'null', "' OR 1=1 --", 'acc_'.padEnd(5000, 'x'), 'Bearer Bearer', 'caf\u00e9']);
  }
}

/** Replaces 1..n leaves (or whole values) with hostile ones: strings, wrong types, unknown enums, other ids; drops or adds keys. */
function mutateTree(value: unknown, world: FuzzWorld, rng: Rng, times: number): unknown {
  let result = value;
  for (let i = 0; i < times; i++) result = mutateOnce(result, world, rng);
  return result;
}

function mutateOnce(value: unknown, world: FuzzWorld, rng: Rng): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.2)) return rng.pick([[...value, hostileLeaf(world, rng)], wrongType(rng), [], Array(rng.int(20, 300)).fill(value[0] ?? 'x')]);
    const index = rng.int(0, value.length - 1);
    return value.map((item, i) => (i === index ? mutateOnce(item, world, rng) : item));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const roll = rng.next();
    if (keys.length === 0 || roll < 0.05) return { ...value, [rng.pick(['__proto__', 'constructor', 'extra', "'; --"])]: hostileLeaf(world, rng) };
    const key = rng.pick(keys);
    if (roll < 0.12) {
      const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return { ...value, [key]: mutateOnce((value as Record<string, unknown>)[key], world, rng) };
  }
  return hostileLeaf(world, rng);
}

function hostileLeaf(world: FuzzWorld, rng: Rng): unknown {
  switch (rng.weighted({ string: 5, wrongType: 2, enum: 1, knownId: 2, id: 1 })) {
    case 'string':
      return fuzzString(rng);
    case 'wrongType':
      return wrongType(rng);
    case 'enum':
      return unknownEnum(rng);
    case 'knownId':
      return world.anyKnownId(rng) ?? fuzzId(rng);
    default:
      return fuzzId(rng);
  }
}

/** A value of `type` with random content: ids of any kind or firm, fuzz strings, any enum value, any int. */
function randomValue(type: GraphQLInputType, world: FuzzWorld, rng: Rng, depth: number): unknown {
  if (!isNonNullType(type) && rng.chance(0.1)) return null;
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return Array.from({ length: rng.int(0, 3) }, () => randomValue(inner.ofType as GraphQLInputType, world, rng, depth + 1));
  if (isEnumType(inner)) return rng.chance(0.9) ? rng.pick(inner.getValues()).value : unknownEnum(rng);
  if (isInputObjectType(inner)) {
    if (depth > 3) return {};
    return Object.fromEntries(Object.values(inner.getFields()).map((field) => [field.name, randomValue(field.type, world, rng, depth + 1)]));
  }
  if (isScalarType(inner)) {
    if (inner.name === 'ID') return rng.chance(0.6) ? (world.anyKnownId(rng) ?? fuzzId(rng)) : fuzzId(rng);
    if (inner.name === 'Int') return rng.pick([0, -1, 7, 90, 730, 731, 2 ** 31 - 1, rng.int(-1000, 1000)]);
    if (inner.name === 'Boolean') return rng.chance(0.5);
    if (inner.name === 'Float') return rng.next() * 1000;
    return fuzzString(rng);
  }
  return fuzzString(rng);
}

function typeName(type: GraphQLInputType): string {
  return String(type);
}

function variablesDocument(mutation: string, args: readonly GraphQLArgument[], values: Record<string, unknown>, selection: string) {
  const used = args.filter((arg) => arg.name in values);
  const declared = used.map((arg) => `$${arg.name}: ${typeName(arg.type)}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `mutation Fuzz${declared ? `(${declared})` : ''} { ${mutation}${passed ? `(${passed})` : ''} { ${selection} } }`;
  return { query, variables: values };
}

/** The arguments written into the document text as literals (enums bare where they look like names). */
function inlineDocument(mutation: string, args: readonly GraphQLArgument[], values: Record<string, unknown>, selection: string) {
  const passed = args.filter((arg) => arg.name in values).map((arg) => `${arg.name}: ${literal(values[arg.name], arg.type)}`);
  return { query: `mutation { ${mutation}${passed.length ? `(${passed.join(', ')})` : ''} { ${selection} } }` };
}

function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type && (getNullableType(type) as GraphQLInputType);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, inner && isListType(inner) ? (inner.ofType as GraphQLInputType) : undefined)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
    const entries = Object.entries(value).filter(([key]) => NAME.test(key));
    return `{${entries.map(([key, item]) => `${key}: ${literal(item, fields[key]?.type)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return inner && isEnumType(getNamedType(inner)) && NAME.test(value) ? value : JSON.stringify(value);
  return String(value);
}

/** A document cut short, with an injection glued in, or with a stray brace. */
function breakDocument(query: string, rng: Rng): string {
  return rng.pick([
    query.slice(0, rng.int(1, Math.max(1, query.length - 1))),
    `${query}'; DROP TABLE events; --`,
    query.replace('{', '{{'),
    query.replace('mutation', 'mutation mutation'),
    `${query} ${query}`,
  ]);
}

/** `__typename` plus every scalar field one level deep: enough to show a success for a mutation without a spec. */
function selectionFor(schema: GraphQLSchema, mutation: string): string {
  const type = getNamedType(schema.getMutationType()!.getFields()[mutation].type);
  if (!('getFields' in type)) return '';
  const scalars = Object.values(type.getFields()).filter((field) => {
    const named = getNamedType(field.type);
    return (isScalarType(named) || isEnumType(named)) && ('args' in field ? field.args.length === 0 : true);
  });
  return ['__typename', ...scalars.map((field) => field.name)].join(' ');
}
