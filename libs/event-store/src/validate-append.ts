import { canonicalJson } from './canonical-json';
import { InvalidAppendError } from './errors';
import { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision, type NewEvent } from './types';

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
