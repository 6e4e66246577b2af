/**
 * Position bookkeeping for feeds that resume: the server replays everything after `afterPosition`,
 * so a feed only has to remember the last position it saw and drop what it has already seen.
 */

/** Whether an item at `position` is new to a feed that last saw `last` (duplicates come back on resume). */
export function isFresh(last: number | undefined, position: number): boolean {
  return last === undefined || position > last;
}

/** The stored form of a feed's last position; tied to the firm so another sign-in in the tab starts afresh. */
export function storedPosition(firmId: string, position: number): string {
  return JSON.stringify({ firmId, position });
}

/** The last position stored for `firmId`, or undefined when there is none (or it belongs to another firm). */
export function readStoredPosition(raw: string | null, firmId: string): number | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as { firmId?: unknown; position?: unknown };
    return parsed.firmId === firmId && Number.isInteger(parsed.position) && (parsed.position as number) >= 0 ? (parsed.position as number) : undefined;
  } catch {
    return undefined;
  }
}
