import type { EventStore, RecordedEvent, StreamHead } from '@accord/event-store';
import { answerCheckId, shownData } from '../redaction';
import {
  EXPORT_KIND, EXPORT_VERSION, sealLine,
  type ExportEventLine, type ExportHeader, type ExportTrailer, type Redaction, type Unhashed,
} from './export-format';

export interface FirmExportOptions {
  redaction: Redaction;
  /** Written in the header (ISO-8601). */
  exportedAt: string;
  /** Log events read so far (the position reached) of the head, per pass: reading the log twice when redacting. */
  onProgress?: (position: number, head: number, pass: 'reveals' | 'events') => void;
  signal?: AbortSignal;
  /** Called once the trailer is yielded. */
  onFinished?: (stats: { events: number; sealed: number; streams: number }) => void;
}

/** The firm has no events in the store (a wrong id, or the wrong store). */
export class FirmNotFoundError extends Error {
  override readonly name = 'FirmNotFoundError';
  constructor(readonly firmId: string) {
    super(`no events of firm ${firmId} in this store`);
  }
}

const PROGRESS_EVERY = 1000;

/**
 * The lines (without newline) of an export of one firm: every event whose metadata names the firm,
 * in global order, up to the head when the export starts. Redacting, the log is read twice: first to
 * learn which checks are revealed by then, since an answer comes before its check's reveal. Nothing
 * is yielded before the firm's first event is found, so a firm without events yields no line at all.
 */
export async function* exportFirm(store: EventStore, firmId: string, options: FirmExportOptions): AsyncGenerator<string> {
  const head = await store.headPosition();
  const revealed = options.redaction === 'sealed-answers' ? await revealedChecks(store, firmId, head, options) : new Set<string>();

  let line = 0;
  let previousLineHash: string | null = null;
  let sealedCount = 0;
  const heads = new Map<string, StreamHead>();
  let read = 0;
  for await (const event of store.readAll({ until: head })) {
    if (++read % PROGRESS_EVERY === 0) tick(options, event.position, head, 'events');
    if (event.metadata?.firmId !== firmId) continue;
    if (line === 0) {
      const header: Unhashed<ExportHeader> = {
        kind: EXPORT_KIND, version: EXPORT_VERSION, line: 1, firmId,
        exportedAt: options.exportedAt, redaction: options.redaction, throughPosition: head,
      };
      const sealedHeader: { text: string; lineHash: string } = sealLine<ExportHeader>(header, null);
      previousLineHash = sealedHeader.lineHash;
      yield sealedHeader.text;
      line = 1;
    }
    const checkId = answerCheckId(event.type, event.data);
    const sealAnswer = checkId !== null && options.redaction === 'sealed-answers' && !revealed.has(checkId);
    if (sealAnswer) sealedCount++;
    const sealedLine: { text: string; lineHash: string } = sealLine<ExportEventLine>(eventLine(event, ++line, sealAnswer), previousLineHash);
    previousLineHash = sealedLine.lineHash;
    yield sealedLine.text;
    heads.set(event.stream, { stream: event.stream, revision: event.revision, hash: event.hash });
  }
  tick(options, head, head, 'events');
  if (line === 0) throw new FirmNotFoundError(firmId);
  const trailer: Unhashed<ExportTrailer> = { kind: 'end', line: line + 1, events: line - 1, sealed: sealedCount, streams: [...heads.values()] };
  yield sealLine<ExportTrailer>(trailer, previousLineHash).text;
  options.onFinished?.({ events: trailer.events, sealed: sealedCount, streams: heads.size });
}

function eventLine(event: RecordedEvent, line: number, sealAnswer: boolean): Unhashed<ExportEventLine> {
  const m = event.metadata;
  return {
    kind: 'event',
    line,
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    occurredAt: m.occurredAt,
    actor: m.actor,
    firmId: m.firmId,
    // Exactly what auditLog shows for a sealed answer. Token hashes stay: see the README (export).
    data: sealAnswer ? shownData(event.type, event.data, false) : event.data,
    metadata: m,
    hash: event.hash,
    previousHash: event.previousHash,
    ...(sealAnswer ? { sealed: true as const } : {}),
  };
}

/** The checks of the firm revealed at or before `head`. */
async function revealedChecks(store: EventStore, firmId: string, head: number, options: FirmExportOptions): Promise<Set<string>> {
  const revealed = new Set<string>();
  let read = 0;
  for await (const event of store.readAll({ until: head })) {
    if (++read % PROGRESS_EVERY === 0) tick(options, event.position, head, 'reveals');
    if (event.type !== 'CheckRevealed' || event.metadata?.firmId !== firmId) continue;
    const checkId = (event.data as { checkId?: unknown } | null)?.checkId;
    if (typeof checkId === 'string') revealed.add(checkId);
  }
  tick(options, head, head, 'reveals');
  return revealed;
}

function tick(options: FirmExportOptions, position: number, head: number, pass: 'reveals' | 'events'): void {
  options.signal?.throwIfAborted();
  options.onProgress?.(position, head, pass);
}
