import { buildSchema, getOperationAST, parse } from 'graphql';
import { idArgumentErrors, MAX_ID_LENGTH } from './id-arguments';

const schema = buildSchema(`
  input PositionInput { memberId: ID!, text: String! }
  input RaiseInput { topic: String!, positions: [PositionInput!]!, resolves: [ID!] }
  type Item { id: ID!, name: String }
  type Query { item(id: ID!): Item, items(ids: [ID!]): [Item!]!, search(text: String): [Item!]! }
  type Mutation { raise(firmId: ID!, input: RaiseInput!): Item! }
`);

function errorsOf(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  return idArgumentErrors(schema, document, getOperationAST(document)!, variables).map((error) => ({ message: error.message, code: error.extensions.code }));
}

describe('ids in arguments', () => {
  it.each([
    ['a UUID', 'a7d3c3a4-9c55-4c1f-9b3e-2f4f1b6a0e11'],
    ['an unknown id with punctuation', "x' OR '1'='1"],
    ['astral text', '🙂🙂'],
    [`${MAX_ID_LENGTH} characters`, 'i'.repeat(MAX_ID_LENGTH)],
  ])('lets %s through (an unknown one is NOT_FOUND later)', (_name, id) => {
    expect(errorsOf('query($id: ID!) { item(id: $id) { id } }', { id })).toEqual([]);
    expect(errorsOf(`{ item(id: ${JSON.stringify(id)}) { id } }`)).toEqual([]);
  });

  it.each([
    ['a NUL', 'a\u0000b', /control character U\+0000/],
    ['an escape', '\u001b[0m', /control character U\+001B/],
    ['a lone surrogate', 'a\ud800', /unpaired surrogate U\+D800/],
    ['a line break', 'a\nb', /control character U\+000A/],
    ['too many characters', 'i'.repeat(MAX_ID_LENGTH + 1), /129 characters long; ids are at most 128/],
  ])('refuses %s as BAD_USER_INPUT, in variables and inline', (_name, id, message) => {
    expect(errorsOf('query($id: ID!) { item(id: $id) { id } }', { id })).toEqual([{ message: expect.stringMatching(message), code: 'BAD_USER_INPUT' }]);
    // A lone surrogate cannot be written in a document: the parser refuses its escape.
    if (!/[\ud800-\udfff]/.test(id)) expect(errorsOf(`{ item(id: ${JSON.stringify(id)}) { id } }`)).toEqual([{ message: expect.stringMatching(message), code: 'BAD_USER_INPUT' }]);
  });

  it('finds ids in lists and nested input objects', () => {
    expect(errorsOf('query($ids: [ID!]) { items(ids: $ids) { id } }', { ids: ['ok', 'b\u0000'] })).toHaveLength(1);
    const raise = 'mutation($input: RaiseInput!) { raise(firmId: "f1", input: $input) { id } }';
    expect(errorsOf(raise, { input: { topic: 't', positions: [{ memberId: 'm\u0000', text: 'x' }] } })).toEqual([{ message: expect.stringContaining('"input" of raise'), code: 'BAD_USER_INPUT' }]);
    expect(errorsOf(raise, { input: { topic: 't', positions: [], resolves: ['\udc00'] } })).toHaveLength(1);
    expect(errorsOf(raise, { input: { topic: 't\u0000', positions: [{ memberId: 'm', text: 'x' }] } })).toEqual([]);
  });

  it('leaves strings that are not ids, and variables that do not fit their types, to others', () => {
    expect(errorsOf('query($t: String) { search(text: $t) { id } }', { t: '\u0000' })).toEqual([]);
    expect(errorsOf('query($id: ID!) { item(id: $id) { id } }', { id: { $gt: '' } })).toEqual([]);
  });
});
