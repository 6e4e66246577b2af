/** Items of a log (audit events, drifts): anything with a global position. */
export interface Positioned {
  position: number;
}

/** History pages and live items as one list, newest first, each position once. */
export function newestFirst<T extends Positioned>(...lists: T[][]): T[] {
  const byPosition = new Map<number, T>();
  for (const list of lists) for (const item of list) if (!byPosition.has(item.position)) byPosition.set(item.position, item);
  return [...byPosition.values()].sort((a, b) => b.position - a.position);
}

/**
 * The `auditLog` page to ask for to load what comes before `before`: `auditLog` pages forwards only, so
 * the window starts `span` positions back and asks for at most `span` events, which covers all of them.
 */
export function olderWindow(before: number, span: number): { after: number; first: number } {
  return { after: Math.max(0, before - 1 - span), first: span };
}
