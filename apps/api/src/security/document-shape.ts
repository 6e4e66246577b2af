import { Kind, visit, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * `__schema` and `__type` count as one level whatever they select: the standard introspection query
 * nests `ofType` 15 deep, and a production server refuses introspection before any limit is checked.
 */
export function isIntrospection(fieldName: string): boolean {
  return fieldName === '__schema' || fieldName === '__type';
}

interface Extent {
  depth: number;
  fields: number;
}
const NONE: Extent = { depth: 0, fields: 0 };

/** What a document's text alone says about the work it asks for, whatever its variables. */
export interface DocumentShape {
  /** The deepest chain of nested fields of any operation, through its fragments (`{ me { id } }` is 2; introspection is 1). */
  depth: number;
  /** Fields given an alias, anywhere in the document. */
  aliases: number;
  /** Directives used, anywhere in the document. */
  directives: number;
  /**
   * Fields the largest operation selects once every fragment spread is expanded (introspection as
   * one field; fields `@skip`/`@include` may leave out count too). Each costs at least 1, so this
   * bounds the cost from below without walking an exponential expansion.
   */
  fields: number;
}

/**
 * Measures a document in one pass over its AST plus one per fragment: a fragment's depth and
 * field count are computed once however often it is spread, and a fragment cycle (which
 * validation rejects) counts as empty instead of recursing forever.
 */
export function measureDocument(document: DocumentNode): DocumentShape {
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field: (node) => {
      if (node.alias) aliases += 1;
    },
    Directive: () => {
      directives += 1;
    },
  });

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Extent>();
  const inProgress = new Set<string>();

  const extentOf = (selectionSet: SelectionSetNode | undefined): Extent => {
    const extent = { depth: 0, fields: 0 };
    if (!selectionSet) return extent;
    for (const selection of selectionSet.selections) {
      let inner: Extent;
      if (selection.kind === Kind.FIELD) {
        const below = isIntrospection(selection.name.value) ? NONE : extentOf(selection.selectionSet);
        inner = { depth: 1 + below.depth, fields: 1 + below.fields };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = extentOf(selection.selectionSet);
      } else {
        inner = fragmentExtent(selection.name.value);
      }
      extent.depth = Math.max(extent.depth, inner.depth);
      extent.fields += inner.fields;
    }
    return extent;
  };

  const fragmentExtent = (name: string): Extent => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return NONE;
    inProgress.add(name);
    const extent = extentOf(fragment.selectionSet);
    inProgress.delete(name);
    measured.set(name, extent);
    return extent;
  };

  let depth = 0;
  let fields = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const extent = extentOf(definition.selectionSet);
    depth = Math.max(depth, extent.depth);
    fields = Math.max(fields, extent.fields);
  }
  return { depth, aliases, directives, fields };
}
