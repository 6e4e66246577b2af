import { NO_STREAM, type AppendExpectedRevision } from '@eventstore/db-client';
import { EventIdConflictError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../types';
import { firstRevisionFor, type PreparedEvent } from '../validate-append';
import type { StreamTip } from './esdb-events';

/** What an append needs to know of its stream before writing: its tip, and where each id sits. */
export interface StreamState {
  tip: StreamTip | undefined;
  recorded: Map<string, { revision: number; position: number }>;
}

/**
 * The revision the client is asked to check. Every append goes at the tip it just read, whatever
 * the caller expected (`any` and `stream_exists` included): the new events' hashes chain to that
 * tip, so a writer that got in between must make the append fail rather than fork the chain.
 */
export function clientExpectation(tip: StreamTip | undefined): AppendExpectedRevision {
  return tip === undefined ? NO_STREAM : BigInt(tip.revision);
}

/**
 * The acknowledgement for a batch already recorded in its stream: every id there, at consecutive
 * revisions where `expected` would have put them. Undefined when none of the ids is in the stream;
 * an {@link EventIdConflictError} when only some are, or they sit elsewhere in it.
 *
 * The same rule as the other adapters, but scoped to the stream: EventStoreDB keeps no index of
 * event ids across streams, so an id recorded in another stream is not seen here.
 */
export function replayOf(stream: string, events: readonly PreparedEvent[], expected: ExpectedRevision, state: StreamState): AppendResult | undefined {
  const found = events.filter((e) => state.recorded.has(e.id)).map((e) => e.id);
  if (found.length === 0) return undefined;
  if (found.length < events.length) throw new EventIdConflictError(stream, found, 'part of this batch is already recorded; a batch is idempotent only as a whole');
  const places = events.map((e) => state.recorded.get(e.id)!);
  const first = firstRevisionFor(expected) ?? places[0].revision;
  if (!places.every((p, i) => p.revision === first + i)) throw new EventIdConflictError(stream, found, 'these event ids are already recorded at another place');
  const last = places[places.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, written: false };
}
