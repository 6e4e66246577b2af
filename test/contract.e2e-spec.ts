import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { startApiServer, type ApiServer } from './support/api-server';

// The contract of DESIGN.md, copied verbatim into docs/contract.graphql.
const contract = buildSchema(readFileSync(join(__dirname, '../docs/contract.graphql'), 'utf8'));
const contractTypes = Object.values(contract.getTypeMap()).filter((type) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name));

describe('the served schema against the fixed contract', () => {
  let server: ApiServer;
  let served: GraphQLSchema;

  beforeAll(async () => {
    server = await startApiServer();
    served = server.app.get(GraphQLSchemaHost).schema;
  });

  afterAll(() => server.close());

  describe.each(contractTypes.map((type) => [type.name, type] as const))('%s', (name, expected: GraphQLNamedType) => {
    it('exists with the same kind, fields, arguments and types', () => {
      const actual = served.getType(name);
      expect(actual?.constructor.name).toBe(expected.constructor.name);
      if (isScalarType(expected)) return;
      if (isEnumType(expected) && isEnumType(actual)) {
        expect(actual.getValues().map((v) => v.name).sort()).toEqual(expected.getValues().map((v) => v.name).sort());
        return;
      }
      if ((isObjectType(expected) && isObjectType(actual)) || (isInputObjectType(expected) && isInputObjectType(actual))) {
        const actualFields = actual.getFields() as Record<string, { type: unknown; args?: readonly { name: string; type: unknown }[] }>;
        for (const [fieldName, field] of Object.entries(expected.getFields() as Record<string, { type: unknown; args?: readonly { name: string; type: unknown }[] }>)) {
          expect({ field: fieldName, type: String(actualFields[fieldName]?.type) }).toEqual({ field: fieldName, type: String(field.type) });
          const args = (field.args ?? []).map((arg) => `${arg.name}: ${String(arg.type)}`);
          const actualArgs = (actualFields[fieldName].args ?? []).map((arg) => `${arg.name}: ${String(arg.type)}`);
          expect({ field: fieldName, args: actualArgs.filter((arg) => args.includes(arg)).sort() }).toEqual({ field: fieldName, args: [...args].sort() });
          // An added argument must be optional, or the contract's operations would stop validating.
          expect({ field: fieldName, extraRequired: actualArgs.filter((arg) => !args.includes(arg) && arg.endsWith('!')) }).toEqual({ field: fieldName, extraRequired: [] });
        }
      }
      if (isInputObjectType(expected) && isInputObjectType(actual)) {
        // Additions to an input may only be optional: every client of the contract keeps working.
        const extraRequired = Object.values(actual.getFields()).filter((f) => !(f.name in expected.getFields()) && isNonNullType(f.type));
        expect(extraRequired.map((f) => f.name)).toEqual([]);
      }
    });
  });
});
