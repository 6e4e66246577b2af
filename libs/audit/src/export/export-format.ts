import { hash } from 'node:crypto';
import { canonicalJson, type EventMetadata, type StreamHead } from '@accord/event-store';

/**
 * The export format (NDJSON, one JSON object per line): a header, one line per event of the firm in
 * global order, and a trailer. Every line carries its own number and a `lineHash` chaining it to the
 * line before, so a line changed, removed, repeated or moved is found at that line even where the
 * events' own hashes cannot see it (positions, the visible fields of a sealed answer).
 */
export const EXPORT_KIND = 'accord-export';
export const EXPORT_VERSION = 1;

/** `sealed-answers`: answers of checks not revealed at export time are redacted; `none`: everything as recorded. */
export type Redaction = 'sealed-answers' | 'none';

export interface ExportHeader {
  kind: typeof EXPORT_KIND;
  version: typeof EXPORT_VERSION;
  line: 1;
  firmId: string;
  /** When the export was made (ISO-8601). */
  exportedAt: string;
  redaction: Redaction;
  /** The log's head when the export started: every exported position is at or before it. */
  throughPosition: number;
  lineHash: string;
}

export interface ExportEventLine {
  kind: 'event';
  line: number;
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  /** `occurredAt`, `actor` and `firmId` repeat the metadata, for readers and `jq`; verify checks they agree. */
  occurredAt: string;
  actor: string;
  firmId: string;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  previousHash: string | null;
  /** Present on a redacted answer: `data` is what `auditLog` shows, and `hash` covers the hidden text. */
  sealed?: true;
  lineHash: string;
}

export interface ExportTrailer {
  kind: 'end';
  line: number;
  /** Event lines in the export. */
  events: number;
  /** Of which sealed. */
  sealed: number;
  /** Where each stream ends in the export, in the order the streams first appear. */
  streams: StreamHead[];
  lineHash: string;
}

export type ExportLine = ExportHeader | ExportEventLine | ExportTrailer;

/** A line's fields before its `lineHash` is known. */
export type Unhashed<T extends ExportLine> = Omit<T, 'lineHash'>;

/**
 * sha-256 (hex) over the previous line's `lineHash` (empty for the header) and the canonical JSON of
 * the line without its own `lineHash`. Canonical, so a tool that rewrites the JSON without changing
 * values (`jq -c`) keeps the export verifiable.
 */
export function lineHash(previousLineHash: string | null, fields: object): string {
  return hash('sha256', (previousLineHash ?? '') + '\n' + canonicalJson(fields), 'hex');
}

/** The line as written: its fields in the order given, then its `lineHash`. */
export function sealLine<T extends ExportLine>(fields: Unhashed<T>, previousLineHash: string | null): { text: string; lineHash: string } {
  const hashOfLine = lineHash(previousLineHash, fields);
  return { text: JSON.stringify({ ...fields, lineHash: hashOfLine }), lineHash: hashOfLine };
}

/**
 * One fingerprint of where every stream ends: sha-256 over `stream revision hash` lines sorted by
 * stream. Each head hash covers its whole stream, so two stores (or an export and a store) with the
 * same digest hold the same history of those streams.
 */
export function headsDigest(heads: Iterable<StreamHead>): string {
  const lines = [...heads].map((h) => `${h.stream} ${h.revision} ${h.hash}\n`).sort();
  return hash('sha256', lines.join(''), 'hex');
}
