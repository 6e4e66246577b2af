import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CostOverflow, operationCost } from './document-cost';
import { measureDocument, type DocumentShape } from './document-shape';

/** The limits every GraphQL document meets, over HTTP and graphql-ws alike (ACCORD_MAX_*). */
export interface DocumentLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Enforced by the parser (`parse(text, { maxTokens })`), before any of the others. */
  maxTokens: number;
}

/** Directives a document may use. Not a setting: queries use a few `@include`/`@skip`; more is a flood. */
export const MAX_DIRECTIVES = 20;

/**
 * How deep request variables may nest. Accord's deepest input is a list of objects of strings (3);
 * a JSON body of 1 MB can nest 500,000 deep, which would overflow the stack of every recursive
 * serialiser downstream (the idempotency key's canonical JSON, the shared subscription key).
 */
export const MAX_VARIABLE_DEPTH = 20;

/** No operation of the document is the one to run: a wrong operationName, or several operations and none named. */
export function unresolvedOperationError(operationName: string | null | undefined): GraphQLError {
  const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

const shapes = new WeakMap<DocumentNode, DocumentShape>();

/**
 * Why `operation` of `document` may not run, or [] when it may: too deep, too many aliases or
 * directives, or too costly for `variables`. Both transports call this after validation (Apollo
 * from a plugin, graphql-ws from onSubscribe). Depth, aliases and directives are measured once per
 * document object, and both transports reuse one object per distinct text; cost depends on the
 * variables (`@include(if: $x)`), so it is computed per request, bounded by `maxCost`.
 */
export function documentLimitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  limits: DocumentLimits,
): GraphQLError[] {
  if (variables && nestingDepth(variables, MAX_VARIABLE_DEPTH) > MAX_VARIABLE_DEPTH) {
    return [new GraphQLError(`The variables nest more than ${MAX_VARIABLE_DEPTH} levels deep.`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })];
  }
  let shape = shapes.get(document);
  if (!shape) {
    shape = measureDocument(document);
    shapes.set(document, shape);
  }
  const errors: GraphQLError[] = [];
  if (shape.depth > limits.maxDepth) errors.push(limitError(`The query is nested ${shape.depth} fields deep; at most ${limits.maxDepth} are allowed.`));
  if (shape.aliases > limits.maxAliases) errors.push(limitError(`The query uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`));
  if (shape.directives > MAX_DIRECTIVES) errors.push(limitError(`The query uses ${shape.directives} directives; at most ${MAX_DIRECTIVES} are allowed.`));
  if (errors.length > 0) return errors;
  // (Errors are made only when refusing: a GraphQLError captures a stack, which cost the floor a third of its speed.)
  const tooCostly = () => limitError(`The query costs more than ${limits.maxCost}, the most allowed.`);
  // Every field costs at least 1: a fragment bomb is refused here, before the library walks its expansion.
  if (shape.fields > limits.maxCost) return [tooCostly()];
  // Without directives the variables cannot change the cost: measured once per document and operation.
  const cached = shape.directives === 0 ? costs.get(operation) : undefined;
  let cost: number | undefined = cached;
  if (cost === undefined) {
    try {
      cost = operationCost(schema, document, operation, variables ?? undefined, limits.maxCost);
    } catch (error) {
      if (error instanceof CostOverflow) return [tooCostly()];
      throw error;
    }
    if (shape.directives === 0 && cost !== undefined) costs.set(operation, cost);
  }
  return cost !== undefined && cost > limits.maxCost ? [limitError(`The query costs ${cost}; at most ${limits.maxCost} is allowed.`)] : [];
}

/** The cost of operations whose cost no variable changes, by operation node (one per distinct query text, as the documents are cached). */
const costs = new WeakMap<OperationDefinitionNode, number>();

/** How deep `value` nests (a scalar is 0), counted without recursion and only as far as `limit` + 1. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** A refused document: the code Apollo gives validation failures, and HTTP 400 as for them. */
export function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
}
