import type { PlannedAppend } from '../support/helpers';
import { precomputeAppends, type PrecomputedAppend, type Row } from '../support/precomputed-rows';

export type { Row };

/** One planned append with everything every side needs, computed before any timing. */
export interface Append extends PrecomputedAppend {
  /** The rows as column arrays: the raw baseline's INSERT parameters. */
  columns: Columns;
}

/** {@link precomputeAppends}, with the column arrays the raw baseline inserts. */
export function precompute(plan: readonly PlannedAppend[]): Append[] {
  return precomputeAppends(plan).map((append) => ({ ...append, columns: columnsOf(append.rows) }));
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
