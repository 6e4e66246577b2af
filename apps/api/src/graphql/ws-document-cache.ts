import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

export interface WsDocumentCacheOptions {
  /** Distinct query texts kept; the least recently used goes first. Default 200. */
  maxEntries?: number;
  /** Longer query texts are parsed every time, not kept. Default 16 KB. */
  maxQueryLength?: number;
}

/**
 * graphql-ws parses and validates every subscribe message itself, and each subscription keeps its
 * document for as long as it runs: 1,000 dashboards with the same subscription would hold 1,000
 * copies of one AST (with its token list, ~8 KB each) and validate it 1,000 times. Given to
 * graphql-ws as its `parse` and `validate`, this shares one parsed, validated document per distinct
 * query text. Documents are never mutated by execution, so sharing them is safe.
 */
export function wsDocumentCache(options: WsDocumentCacheOptions = {}): { parse: typeof parse; validate: typeof validate } {
  const maxEntries = options.maxEntries ?? 200;
  const maxQueryLength = options.maxQueryLength ?? 16 * 1024;
  const documents = new Map<string, DocumentNode>();
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();

  const cachedParse = (source: Parameters<typeof parse>[0], parseOptions?: Parameters<typeof parse>[1]): DocumentNode => {
    if (typeof source !== 'string' || parseOptions !== undefined || source.length > maxQueryLength) return parse(source, parseOptions);
    const known = documents.get(source);
    if (known) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      documents.delete(source);
      documents.set(source, known);
      return known;
    }
    const document = parse(source); // a syntax error throws and is not kept
    documents.set(source, document);
    if (documents.size > maxEntries) documents.delete(documents.keys().next().value as string);
    return document;
  };

  const cachedValidate = (schema: GraphQLSchema, document: DocumentNode, ...rest: unknown[]): readonly GraphQLError[] => {
    // Custom rules or options change the verdict: not cached.
    if (rest.length > 0 && rest.some((arg) => arg !== undefined)) return validate(schema, document, ...(rest as []));
    let bySchema = verdicts.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      verdicts.set(schema, bySchema);
    }
    let errors = bySchema.get(document);
    if (!errors) {
      errors = validate(schema, document);
      bySchema.set(document, errors);
    }
    return errors;
  };

  return { parse: cachedParse as typeof parse, validate: cachedValidate as typeof validate };
}
