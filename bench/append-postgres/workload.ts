import { eventHash, NO_STREAM, prepareAppend, type ExpectedRevision, type NewEvent } from '../../libs/event-store/src';
import type { PlannedAppend } from '../support/helpers';

/** A row exactly as Accord's events table holds it, position aside (which depends on commit order). */
export interface Row {
  id: string;
  stream: string;
  revision: number;
  type: string;
  dataJson: string;
  metadataJson: string;
  hash: string;
  previousHash: string | null;
}

/** One planned append with everything every side needs, computed before any timing. */
export interface Append {
  stream: string;
  events: NewEvent[];
  /** Accord's expected revision: the stream's last revision, or `no_stream`. */
  expected: ExpectedRevision;
  rows: Row[];
  /** The rows as column arrays: the raw baseline's INSERT parameters. */
  columns: Columns;
}

/**
 * The rows Accord will write for `plan`, with the adapter's own canonicalisation and hashing:
 * what the raw baseline inserts and what every side's result is checked against.
 */
export function precompute(plan: readonly PlannedAppend[]): Append[] {
  const tips = new Map<string, { revision: number; hash: string }>();
  return plan.map(({ stream, events }) => {
    const tip = tips.get(stream);
    const expected: ExpectedRevision = tip ? tip.revision : NO_STREAM;
    let revision = tip ? tip.revision : -1;
    let previousHash = tip ? tip.hash : null;
    const rows = prepareAppend(stream, events, expected).map((e): Row => {
      revision++;
      const hash = eventHash(previousHash, { id: e.id, type: e.type, stream, revision, dataJson: e.dataJson, metadataJson: e.metadataJson });
      const row: Row = { id: e.id, stream, revision, type: e.type, dataJson: e.dataJson, metadataJson: e.metadataJson, hash, previousHash };
      previousHash = hash;
      return row;
    });
    tips.set(stream, { revision, hash: previousHash! });
    return { stream, events, expected, rows, columns: columnsOf(rows) };
  });
}

/** Column arrays of every row, for `unnest` (inserts and checks). */
export interface Columns {
  id: string[];
  stream: string[];
  revision: number[];
  type: string[];
  data: string[];
  metadata: string[];
  hash: string[];
  previousHash: Array<string | null>;
}

export function columnsOf(rows: readonly Row[]): Columns {
  const c: Columns = { id: [], stream: [], revision: [], type: [], data: [], metadata: [], hash: [], previousHash: [] };
  for (const r of rows) {
    c.id.push(r.id);
    c.stream.push(r.stream);
    c.revision.push(r.revision);
    c.type.push(r.type);
    c.data.push(r.dataJson);
    c.metadata.push(r.metadataJson);
    c.hash.push(r.hash);
    c.previousHash.push(r.previousHash);
  }
  return c;
}

/** Average payload (data + metadata JSON) per event. */
export function payloadBytes(appends: readonly Append[]): number {
  let bytes = 0;
  let n = 0;
  for (const a of appends) {
    for (const r of a.rows) {
      bytes += r.dataJson.length + r.metadataJson.length;
      n++;
    }
  }
  return Math.round(bytes / n);
}
