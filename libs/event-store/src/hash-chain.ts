import { hash } from 'node:crypto';
import { canonicalJson, jsonString } from './canonical-json';
import type { RecordedEvent } from './types';
import type { PreparedEvent } from './validate-append';

/** The parts of an event that its hash covers. The global position is left out on purpose:
 * it belongs to one store, and an export imported elsewhere must keep its hashes. */
export interface HashedFields {
  id: string;
  type: string;
  stream: string;
  revision: number;
  /** Canonical JSON of the payload. */
  dataJson: string;
  /** Canonical JSON of the metadata. */
  metadataJson: string;
}

/** Canonical JSON of the hashed envelope, built from pre-canonicalised parts (keys in sorted order). */
export function canonicalEnvelope(f: HashedFields): string {
  return (
    '{"data":' + f.dataJson +
    ',"id":' + jsonString(f.id) +
    ',"metadata":' + f.metadataJson +
    ',"revision":' + f.revision +
    ',"stream":' + jsonString(f.stream) +
    ',"type":' + jsonString(f.type) + '}'
  );
}

/** sha-256 (hex) over the previous hash of the stream (empty for the first event) and the envelope. */
export function eventHash(previousHash: string | null, fields: HashedFields): string {
  // One-shot hashing: a third cheaper than createHash().update().digest() per event.
  return hash('sha256', (previousHash ?? '') + '\n' + canonicalEnvelope(fields), 'hex');
}

/**
 * {@link eventHash} on the append path, byte for byte (a spec compares the two): the envelope is
 * built in one concatenation in its fixed key order, with no object per event, no escaping check on
 * the id (a prepared event's id is a validated lower-case UUID, which never needs escaping), and the
 * stream and type already quoted by the caller, once per batch rather than once per event.
 */
export function preparedEventHash(previousHash: string | null, quotedStream: string, revision: number, event: PreparedEvent, quotedType: string): string {
  const envelope =
    '{"data":' + event.dataJson + ',"id":"' + event.id + '","metadata":' + event.metadataJson +
    ',"revision":' + revision + ',"stream":' + quotedStream + ',"type":' + quotedType + '}';
  return hash('sha256', (previousHash === null ? '\n' : previousHash + '\n') + envelope, 'hex');
}

/** The hash a recorded event should carry, recomputed from its content. */
export function recomputeHash(event: RecordedEvent): string {
  return eventHash(event.previousHash, {
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    dataJson: canonicalJson(event.data),
    metadataJson: canonicalJson(event.metadata),
  });
}

export interface IntegrityReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** Global position of the first event found broken, in log order. */
  firstBrokenPosition: number | null;
  problems: string[];
}

interface StreamTip {
  revision: number;
  hash: string;
}

/** Where a stream ends: its last revision and that event's hash, which covers the whole stream. */
export interface StreamHead {
  stream: string;
  revision: number;
  hash: string;
}

/**
 * What the chain cannot show on its own: the removal of the last events of the whole log (compare
 * the head with one recorded elsewhere, e.g. an export's summary), and two events of different
 * streams exchanging positions (positions are not hashed, so a log keeps its hashes when imported).
 * It proves content, not bytes: `1` rewritten as `1.0` in stored JSON means the same and verifies.
 *
 * Verifies events read in global order: positions strictly increase, each stream's revisions run
 * 0, 1, 2… without gap or repeat, each event links to its predecessor's hash, and each hash matches
 * its content. Streams are verified incrementally, so the whole log is never held in memory.
 */
export class ChainVerifier {
  private readonly tips = new Map<string, StreamTip>();
  private lastPosition = 0;
  private eventsChecked = 0;
  private readonly problems: string[] = [];
  private firstBrokenPosition: number | null = null;

  /**
   * `gaplessPositions`: the store never skips a position (SQLite), so a missing one is a deleted
   * event, even the newest of its stream, which the stream's own chain cannot show.
   */
  constructor(private readonly options: { gaplessPositions?: boolean; maxProblems?: number } = {}) {}

  /**
   * Checks the next event and returns what is wrong with it (empty when nothing), each reason without
   * its location; the report gets them prefixed with the position. `contentSealed`: the event's
   * payload was redacted (an export's sealed answer), so its hash cannot be recomputed; it is checked
   * for its place in the chain only, and the next event of the stream links to the hash it claims.
   */
  check(event: RecordedEvent, options: { contentSealed?: boolean } = {}): string[] {
    this.eventsChecked++;
    const reasons: string[] = [];
    if (!(event.position > this.lastPosition)) {
      reasons.push(`position does not increase after ${this.lastPosition}`);
    } else if (this.options.gaplessPositions && event.position !== this.lastPosition + 1) {
      reasons.push(`positions ${this.lastPosition + 1}..${event.position - 1} are missing before it`);
    }
    this.lastPosition = Math.max(this.lastPosition, event.position);

    const tip = this.tips.get(event.stream);
    const expectedRevision = tip ? tip.revision + 1 : 0;
    if (event.revision !== expectedRevision) {
      const what = event.revision < expectedRevision ? 'repeated or out of order' : 'missing before it';
      reasons.push(`expected revision ${expectedRevision}, found ${event.revision} (${what})`);
    }
    const expectedPrevious = tip ? tip.hash : null;
    if (event.previousHash !== expectedPrevious) {
      reasons.push("previous hash does not match the stream's preceding event");
    }
    if (!options.contentSealed) {
      let actual: string | null = null;
      try {
        actual = recomputeHash(event);
      } catch (error) {
        reasons.push(`content cannot be hashed (${(error as Error).message})`);
      }
      if (actual !== null && actual !== event.hash) reasons.push('hash does not match content');
    }
    // Continue the chain from what the event claims, so one bad event is reported once.
    this.tips.set(event.stream, { revision: Math.max(event.revision, tip?.revision ?? -1), hash: event.hash });
    const at = `position ${event.position} (${event.stream}@${event.revision})`;
    for (const reason of reasons) this.fail(event.position, `${at}: ${reason}`);
    return reasons;
  }

  /** Each stream's last revision and hash so far, in the order the streams first appeared. */
  heads(): StreamHead[] {
    return [...this.tips].map(([stream, tip]) => ({ stream, revision: tip.revision, hash: tip.hash }));
  }

  report(): IntegrityReport {
    return {
      ok: this.problems.length === 0,
      eventsChecked: this.eventsChecked,
      streamsChecked: this.tips.size,
      firstBrokenPosition: this.firstBrokenPosition,
      problems: [...this.problems],
    };
  }

  private fail(position: number, problem: string): void {
    this.firstBrokenPosition ??= position;
    if (this.problems.length < (this.options.maxProblems ?? 100)) this.problems.push(problem);
  }
}

/** Verifies a sequence of events in global order; see {@link ChainVerifier}. */
export async function verifyChain(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: { gaplessPositions?: boolean } = {},
): Promise<IntegrityReport> {
  const verifier = new ChainVerifier(options);
  for await (const event of events) verifier.check(event);
  return verifier.report();
}
