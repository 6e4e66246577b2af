import { eventHash, NO_STREAM, prepareAppend, type ExpectedRevision, type NewEvent } from '../../libs/event-store/src';
import type { PlannedAppend } from './helpers';

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

export interface PrecomputedAppend {
  stream: string;
  events: NewEvent[];
  /** Accord's expected revision: the stream's last revision, or `no_stream`. */
  expected: ExpectedRevision;
  rows: Row[];
}

/**
 * The rows Accord will write for `plan`, with the adapter's own canonicalisation and hashing: what
 * the raw baselines insert and what every side's result is checked against.
 */
export function precomputeAppends(plan: readonly PlannedAppend[]): PrecomputedAppend[] {
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
    return { stream, events, expected, rows };
  });
}
