import { getNullableType, isListType, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { isIntrospection } from './document-shape';

/** The rows a list field is assumed to return when costing a document: its children cost this many times over. */
export const LIST_COST_FACTOR = 10;

/**
 * Every field costs 1; a list multiplies what is selected under it by {@link LIST_COST_FACTOR}, so
 * `firm { members { name } }` costs 1 + 10 × 2 and each level of nested lists costs ten times more.
 * Introspection costs 1, as it has depth 1 ({@link isIntrospection}): it reads the schema in memory.
 */
export const listMultiplyingEstimator: ComplexityEstimator = ({ field, childComplexity }) => {
  if (isIntrospection(field.name)) return 1;
  return 1 + childComplexity * (isListType(getNullableType(field.type)) ? LIST_COST_FACTOR : 1);
};

/** Thrown when costing would expand more than twice `maxCost` selections (fragments spread again and again). */
export class CostOverflow extends Error {}

/**
 * The cost of running `operation` (with the document's fragments), as graphql-query-complexity
 * computes it with {@link listMultiplyingEstimator}; `@include`/`@skip` follow `variables`.
 * The library walks every spread of every fragment afresh, so a document whose fragments spread each
 * other exponentially is cut off after twice `maxCost` selections ({@link CostOverflow}) instead of walked.
 * Returns undefined when the variables do not fit the operation (execution reports that).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): number | undefined {
  // Only the operation that runs, and no operationName: the library cannot match anonymous operations by name.
  const query: DocumentNode = {
    kind: document.kind,
    definitions: document.definitions.filter((definition) => definition === operation || definition.kind === 'FragmentDefinition'),
  };
  try {
    return getComplexity({ schema, query, variables: variables ?? {}, estimators: [listMultiplyingEstimator], maxQueryNodes: 2 * maxCost });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) throw new CostOverflow();
    return undefined;
  }
}
