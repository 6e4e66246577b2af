import {
  getArgumentValues,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { unprintable } from '@accord/domain';

/** Far longer than any id Accord makes (UUIDs, 36 characters). */
export const MAX_ID_LENGTH = 128;

/**
 * Every `ID` an operation passes, inline or in variables, at any depth of its input objects and
 * lists: printable, at most MAX_ID_LENGTH characters. An id like that is then looked up and is
 * NOT_FOUND when unknown; one with a NUL or a lone surrogate cannot even be sent to PostgreSQL, and
 * was answered INTERNAL_SERVER_ERROR. Refused as BAD_USER_INPUT (HTTP 400), before anything runs.
 */
export function idArgumentErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError[] {
  if (fieldsWithArguments(schema, document).length === 0) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  // Variables that do not fit their types are refused by execution, with their own message.
  if ('errors' in coerced && coerced.errors) return [];
  return idErrorsWithVariables(schema, document, coerced.coerced);
}

/** The same, given the variables already coerced to the operation's types (graphql-ws coerces them once for this and for execution's refusals). */
export function idErrorsWithVariables(schema: GraphQLSchema, document: DocumentNode, coercedVariables: Record<string, unknown>): GraphQLError[] {
  for (const { node, field } of fieldsWithArguments(schema, document)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, coercedVariables);
    } catch {
      continue; // execution reports it
    }
    for (const arg of field.args) {
      const problem = idProblem(values[arg.name], arg.type);
      if (problem) {
        const at = node.arguments?.find((candidate) => candidate.name.value === arg.name) ?? node;
        return [new GraphQLError(`The id in the argument "${arg.name}" of ${field.name} ${problem}.`, { nodes: [at], extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })];
      }
    }
  }
  return [];
}

interface FieldWithArguments {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
}

/** The document's fields that take arguments, with their definitions: found once per document (one per distinct query text), so a request only reads its values. */
const argumentFields = new WeakMap<DocumentNode, FieldWithArguments[]>();

function fieldsWithArguments(schema: GraphQLSchema, document: DocumentNode): FieldWithArguments[] {
  let found = argumentFields.get(document);
  if (found) return found;
  found = [];
  const typeInfo = new TypeInfo(schema);
  const into = found;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (field && node.arguments?.length) into.push({ node, field });
      },
      // Directive arguments hold no ids.
      [Kind.DIRECTIVE]: () => false,
    }),
  );
  argumentFields.set(document, found);
  return found;
}

function idProblem(value: unknown, type: GraphQLInputType): string | undefined {
  if (value === null || value === undefined) return undefined;
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return idProblem(value, inner.ofType as GraphQLInputType);
    for (const item of value) {
      const problem = idProblem(item, inner.ofType as GraphQLInputType);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(inner)) {
    for (const field of Object.values(inner.getFields())) {
      const problem = idProblem((value as Record<string, unknown>)[field.name], field.type);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isScalarType(inner) || inner.name !== 'ID' || typeof value !== 'string') return undefined;
  if (value.length > MAX_ID_LENGTH) return `is ${value.length} characters long; ids are at most ${MAX_ID_LENGTH}`;
  return unprintable(value, false);
}
