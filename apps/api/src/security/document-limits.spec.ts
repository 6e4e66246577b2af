import { buildSchema, getOperationAST, parse } from 'graphql';
import { documentLimitErrors, MAX_DIRECTIVES, type DocumentLimits } from './document-limits';

const schema = buildSchema(`
  type Query { item(id: ID!): Item, items: [Item!]!, version: String }
  type Item { id: ID!, name: String, tags: [String!]!, children: [Item!]!, parent: Item }
`);
const LIMITS: DocumentLimits = { maxDepth: 5, maxCost: 500, maxAliases: 3, maxTokens: 1000 };

function refusals(text: string, variables?: Record<string, unknown>, limits = LIMITS): string[] {
  const document = parse(text);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return documentLimitErrors(schema, document, operation, variables, limits).map((error) => {
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    return error.message;
  });
}

describe('documentLimitErrors', () => {
  it('lets a document within every limit through', () => {
    expect(refusals('query ($id: ID!) { item(id: $id) { name tags children { name } } }', { id: '1' })).toEqual([]);
  });

  it('refuses a document nested deeper than maxDepth', () => {
    expect(refusals('{ items { parent { parent { parent { parent { name } } } } } }')).toEqual(['The query is nested 6 fields deep; at most 5 are allowed.']);
  });

  it('refuses more aliases than maxAliases', () => {
    expect(refusals('{ a: version b: version c: version d: version }')).toEqual(['The query uses 4 aliases; at most 3 are allowed.']);
  });

  it(`refuses more than ${MAX_DIRECTIVES} directives`, () => {
    const flood = Array.from({ length: MAX_DIRECTIVES + 1 }, () => '@include(if: true)').join(' ');
    expect(refusals(`{ version ${flood} }`)).toEqual([`The query uses ${MAX_DIRECTIVES + 1} directives; at most ${MAX_DIRECTIVES} are allowed.`]);
  });

  it('costs a list ten times what it selects', () => {
    // items: 1 + 10 × (children: 1 + 10 × (name 1 + tags 1)) = 211; twice is over 500 only with a third field.
    expect(refusals('{ items { children { name tags } } }')).toEqual([]);
    expect(refusals('{ items { children { name tags id } } x: items { children { name tags id } } }')).toEqual(['The query costs 622; at most 500 is allowed.']);
  });

  it('follows @include with the request variables', () => {
    const text = 'query ($more: Boolean!) { items { children { name tags id } } x: items @include(if: $more) { children { name tags id } } }';
    expect(refusals(text, { more: false })).toEqual([]);
    expect(refusals(text, { more: true })).toHaveLength(1);
  });

  it('refuses fragments that spread each other exponentially after a bounded walk', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : 'version'} }`).join('\n');
    const started = performance.now();
    expect(refusals(`{ ...F0 }\n${fragments}`)).toEqual(['The query costs more than 500, the most allowed.']);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('leaves variables that do not fit the operation to execution', () => {
    expect(refusals('query ($id: ID!) { item(id: $id) { name } }', {})).toEqual([]);
  });
});
