import { START, type Position, type ReadPosition } from '@eventstore/db-client';

/**
 * The server's own address of an event in EventStoreDB's transaction log. A checkpoint keeps both
 * halves (see {@link encodeEsdbCheckpoint}), so it names exactly the record the server reported.
 *
 * How the port's numeric `position` relates to it: an append over gRPC writes each event as its own
 * committed record (no shared commit record; only explicit TCP transactions have one, and Accord
 * never writes those), and a read of `$all` reports such an event with commit = its own offset in
 * the log. So the commit position alone is unique per event and strictly increasing in `$all`
 * order: it is the numeric position. The prepare half adds nothing for Accord's events (servers
 * report the same offset, or older ones the offset of the append's first record); resuming from
 * `{commit: n, prepare: n}` or from the reported pair reads the same events.
 *
 * Offsets are bytes, so positions have gaps and events of one append are not consecutive numbers.
 */
export interface EsdbCheckpoint {
  commit: bigint;
  prepare: bigint;
}

/** What `Position.FromInt64(-1, -1)` becomes on the wire: the server had no position to report. */
const NO_POSITION = 1n << 63n;
const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);
const ENCODED = /^C:(\d{1,20})\/P:(\d{1,20})$/;

/** `C:<commit>/P:<prepare>`, the server's own notation, for a text column in a checkpoint table. */
export function encodeEsdbCheckpoint(checkpoint: EsdbCheckpoint): string {
  return `C:${checkpoint.commit}/P:${checkpoint.prepare}`;
}

/** Parses {@link encodeEsdbCheckpoint}'s text; throws on anything else. */
export function decodeEsdbCheckpoint(text: string): EsdbCheckpoint {
  const match = ENCODED.exec(text);
  if (!match) throw new Error(`not an EventStoreDB checkpoint: "${text}" (expected C:<commit>/P:<prepare>)`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** The numeric position of an event the server reported at `position`; throws if it reported none. */
export function positionOf(position: Position | undefined): number {
  // An event never sits at offset 0 (the log opens with an epoch record), so 0 means "not reported".
  if (!position || position.commit <= 0n || position.commit >= NO_POSITION) {
    throw new Error('EventStoreDB reported no log position for an event; Accord needs EventStoreDB 22.6 or later');
  }
  if (position.commit > MAX_POSITION) throw new Error(`EventStoreDB log position ${position.commit} exceeds 2^53`);
  return Number(position.commit);
}

/** The checkpoint of an event of Accord's at numeric `position` (see {@link EsdbCheckpoint}). */
export function checkpointOfPosition(position: number): EsdbCheckpoint {
  if (!Number.isSafeInteger(position) || position < 0) throw new Error(`invalid position ${position}`);
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** The numeric position a checkpoint resumes after. */
export function positionOfCheckpoint(checkpoint: EsdbCheckpoint): number {
  return checkpoint.commit === 0n ? 0 : positionOf(checkpoint);
}

/** Where a forward read of `$all` must start to see everything after `after`: reads include their start. */
export function readStartAfter(after: EsdbCheckpoint | undefined): ReadPosition {
  return after === undefined || after.commit === 0n ? START : after;
}

/** Whether `position` comes after `checkpoint` in `$all` order (commit first, then prepare). */
export function isAfter(position: Position, checkpoint: EsdbCheckpoint): boolean {
  return position.commit > checkpoint.commit || (position.commit === checkpoint.commit && position.prepare > checkpoint.prepare);
}
