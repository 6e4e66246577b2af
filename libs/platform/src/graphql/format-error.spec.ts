import { buildSchema, execute, parse } from 'graphql';
import { formatGraphqlError } from './format-error';

describe('formatting errors', () => {
  const logged: string[] = [];
  const format = formatGraphqlError({ error: (message) => logged.push(message) }, true);

  it('answers more than 50 bad variable values as BAD_USER_INPUT, the last error graphql-js adds included', async () => {
    const schema = buildSchema('type Query { words(list: [String!]!): Int }');
    const result = await execute({ schema, document: parse('query($list: [String!]!) { words(list: $list) }'), variableValues: { list: Array(60).fill({}) } });
    const last = result.errors!.at(-1)!;
    expect(last.message).toMatch(/^Too many errors processing variables/);
    expect(format(last.toJSON(), last)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(logged).toEqual([]);
  });
});
