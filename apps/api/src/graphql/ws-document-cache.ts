import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { documentLimitErrors, unresolvedOperationError, type DocumentLimits } from '../security/document-limits';
import { idErrorsWithVariables } from '../security/id-arguments';

export interface DocumentCacheOptions {
  /** Longer documents are refused by the parser, as Apollo's `parseOptions` does over HTTP. */
  maxTokens: number;
  /** false (production): `__schema` and `__type` are refused, as Apollo does over HTTP. */
  introspection: boolean;
  /** Distinct query texts kept; the least recently used goes first. Default 200. */
  maxEntries?: number;
  /** Longer query texts are parsed every time, not kept. Default 16 KB. */
  maxQueryLength?: number;
}

export interface DocumentCache {
  /** The document of `source`; throws graphql's syntax error (also for more than `maxTokens` tokens). */
  parse(source: string): DocumentNode;
  /** The validation errors of `document`, computed once per schema and document. */
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
}

/**
 * graphql-ws parses and validates every subscribe message itself, and each subscription keeps its
 * document for as long as it runs: 1,000 dashboards with the same subscription would hold 1,000
 * copies of one AST (with its token list, ~8 KB each) and validate it 1,000 times. This shares one
 * parsed, validated document per distinct query text. Documents are never mutated by execution, so
 * sharing them is safe.
 */
export function documentCache(options: DocumentCacheOptions): DocumentCache {
  const maxEntries = options.maxEntries ?? 200;
  const maxQueryLength = options.maxQueryLength ?? 16 * 1024;
  const rules: readonly ValidationRule[] = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const documents = new Map<string, DocumentNode>();
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();

  const cachedParse = (source: string): DocumentNode => {
    if (source.length > maxQueryLength) return parse(source, { maxTokens: options.maxTokens });
    const known = documents.get(source);
    if (known) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      documents.delete(source);
      documents.set(source, known);
      return known;
    }
    const document = parse(source, { maxTokens: options.maxTokens }); // a syntax error throws and is not kept
    documents.set(source, document);
    if (documents.size > maxEntries) documents.delete(documents.keys().next().value as string);
    return document;
  };

  const cachedValidate = (schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] => {
    let bySchema = verdicts.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      verdicts.set(schema, bySchema);
    }
    let errors = bySchema.get(document);
    if (!errors) {
      errors = validate(schema, document, rules);
      bySchema.set(document, errors);
    }
    return errors;
  };

  return { parse: cachedParse, validate: cachedValidate };
}

export interface WsSubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * graphql-ws's `onSubscribe`: what Apollo does over HTTP, for every operation sent over a socket.
 * Parses and validates through the shared {@link documentCache}, applies the document limits, and
 * answers a refusal as an `error` message with the code HTTP would give (the socket stays open).
 */
export function wsDocumentCache(schema: () => GraphQLSchema, limits: DocumentLimits, options: Omit<DocumentCacheOptions, 'maxTokens'>) {
  const cache = documentCache({ ...options, maxTokens: limits.maxTokens });
  return {
    onSubscribe: (_ctx: unknown, _id: string, payload: WsSubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
      let document: DocumentNode;
      try {
        document = cache.parse(payload.query);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
      }
      const current = schema();
      const invalid = cache.validate(current, document);
      if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName ?? undefined);
      if (!operation) return [unresolvedOperationError(payload.operationName)];
      // The limits first, as over HTTP: the variables are walked only once their depth is known to be sane.
      const refused = documentLimitErrors(current, document, operation, payload.variables, limits);
      if (refused.length > 0) return refused;
      // Execution would refuse bad variables too, but without the code Apollo gives them.
      const coerced = getVariableValues(current, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
      const badIds = idErrorsWithVariables(current, document, coerced.coerced);
      if (badIds.length > 0) return badIds;
      // Only the declared variables go on: undeclared ones would be carried, unchecked, into the shared execution's key.
      return { schema: current, document, operationName: payload.operationName, variableValues: declaredVariables(operation, payload.variables) };
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

function declaredVariables(operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const declared: Record<string, unknown> = {};
  for (const { variable } of operation.variableDefinitions ?? []) {
    const name = variable.name.value;
    if (variables && Object.hasOwn(variables, name)) declared[name] = variables[name];
  }
  return declared;
}
