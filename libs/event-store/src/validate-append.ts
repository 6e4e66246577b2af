import { canonicalJson } from './canonical-json';
import { EventIdConflictError, InvalidAppendError } from './errors';
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendResult, type ExpectedRevision, type NewEvent } from './types';

/** An event ready for writing: payload and metadata already in canonical JSON. */
export interface PreparedEvent {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a batch before any I/O and canonicalises it; throws {@link InvalidAppendError}. */
export function prepareAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): PreparedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidAppendError('stream name must be a non-empty string');
  if (!isExpectedRevision(expected)) throw new InvalidAppendError(`invalid expected revision: ${String(expected)}`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`stream ${stream}: a batch needs at least one event`);
  const ids = events.length > 1 ? new Set<string>() : undefined;
  const prepared = new Array<PreparedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const id = lowerCaseUuid(event.id);
    if (id === undefined) throw new InvalidAppendError(`stream ${stream}: event id must be a UUID, got ${String(event.id)}`);
    if (ids !== undefined) {
      if (ids.has(id)) throw new InvalidAppendError(`stream ${stream}: event id ${id} appears twice in one batch`);
      ids.add(id);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(`stream ${stream}: event ${id} has no type`);
    const m = event.metadata;
    if (!m || typeof m.actor !== 'string' || typeof m.firmId !== 'string' || typeof m.occurredAt !== 'string') {
      throw new InvalidAppendError(`stream ${stream}: event ${id} needs metadata with actor, firmId and occurredAt`);
    }
    try {
      prepared[i] = { id, type: event.type, dataJson: canonicalJson(event.data ?? null), metadataJson: canonicalJson(m) };
    } catch (error) {
      throw new InvalidAppendError(`stream ${stream}: event ${id} is not JSON-serialisable (${(error as Error).message})`);
    }
  }
  return prepared;
}

/** Event ids are stored in lower case, so one id can never be recorded twice in two spellings. */
function lowerCaseUuid(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  if (UUID.test(id)) return id;
  return UUID_ANY_CASE.test(id) ? id.toLowerCase() : undefined;
}

export function isExpectedRevision(value: unknown): value is ExpectedRevision {
  return value === NO_STREAM || value === STREAM_EXISTS || value === ANY || (Number.isSafeInteger(value) && (value as number) >= 0);
}

/** Whether a stream whose last revision is `actual` (-1: no stream) satisfies `expected`. */
export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case ANY:
      return true;
    case NO_STREAM:
      return actual === -1;
    case STREAM_EXISTS:
      return actual >= 0;
    default:
      return expected === actual;
  }
}

/** The revision the first event of a batch takes when appended at `expected`, if it is fixed. */
export function firstRevisionFor(expected: ExpectedRevision): number | undefined {
  if (expected === NO_STREAM) return 0;
  if (typeof expected === 'number') return expected + 1;
  return undefined;
}

/** Where an event id is already recorded. */
export interface RecordedId {
  id: string;
  stream: string;
  revision: number;
  position: number;
}

/**
 * The acknowledgement for a batch that was already written, from the rows its ids are recorded at:
 * every id recorded, in this stream, at consecutive revisions where `expected` would have put them.
 * Undefined when none is recorded; an {@link EventIdConflictError} when only some are, or elsewhere.
 */
export function replayAcknowledgement(stream: string, events: readonly PreparedEvent[], expected: ExpectedRevision, rows: readonly RecordedId[]): AppendResult | undefined {
  if (rows.length === 0) return undefined;
  const found = rows.map((r) => r.id);
  if (rows.length < events.length) throw new EventIdConflictError(stream, found, 'part of this batch is already recorded; a batch is idempotent only as a whole');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = events.map((e) => byId.get(e.id)!);
  const first = firstRevisionFor(expected) ?? ordered[0].revision;
  if (!ordered.every((r, i) => r.stream === stream && r.revision === first + i)) {
    throw new EventIdConflictError(stream, found, 'these event ids are already recorded at another place');
  }
  const last = ordered[ordered.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, written: false };
}
