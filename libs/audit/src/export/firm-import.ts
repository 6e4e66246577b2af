import { NO_STREAM, type EventStore, type NewEvent, type StreamHead } from '@accord/event-store';
import type { ExportEventLine } from './export-format';
import { ExportVerifier, firstBadLine, verifyExportLines, type ExportVerification } from './export-verifier';
import { importWriterFor, type ImportWriter } from './import-writer';

/**
 * Why an import was refused or stopped. `not-intact`, `sealed` and `conflict` are found before anything
 * is written (unless the file changes during the import); `hash-mismatch` stops an import midway.
 */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  constructor(
    readonly reason: 'not-intact' | 'sealed' | 'conflict' | 'hash-mismatch',
    message: string,
    readonly verification?: ExportVerification,
  ) {
    super(message);
  }
}

/** Stopped by its signal between two appends; running the import again continues it. */
export class ImportInterruptedError extends Error {
  override readonly name = 'ImportInterruptedError';
  constructor(
    readonly appended: number,
    readonly total: number,
  ) {
    super(`interrupted after appending ${appended} of ${total} events; run the same import again to finish it`);
  }
}

/** Reading the file to verify it; looking at the target's streams; reading the file to compare with what the target holds (only if it holds some); appending. */
export type ImportPhase = 'verifying' | 'target' | 'comparing' | 'appending';

export interface ImportOptions {
  /** `done` of `total`: lines read in the file passes (total 0: unknown), streams of the target, events appended. */
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Events per append at most; an append holds consecutive events of one stream only. */
  batchSize?: number;
  /** How appends reach the store; by default {@link importWriterFor} the store. */
  writer?: ImportWriter;
}

export interface ImportResult {
  firmId: string;
  events: number;
  streams: number;
  /** Appended by this run. */
  appended: number;
  /** Already in the target (an earlier, interrupted run, or the same export imported twice). */
  alreadyPresent: number;
  heads: StreamHead[];
  headsDigest: string;
}

/** The lines of the export, read afresh on every call: the importer reads the file more than once. */
export type ExportLines = () => AsyncIterable<string> | Iterable<string>;

const DEFAULT_BATCH = 500;

/**
 * Loads a verified, unredacted export into `store`: every stream's events in the export's global
 * order, with their ids, types, payloads and metadata, each batch appended at the revision it had,
 * so the store recomputes the same hashes; each stream's head hash is then read back and compared
 * with the export's. Refused before anything is written when the export is not intact, holds sealed
 * answers (their text is not in the file, so their hashes could not be recreated) or the store's
 * streams of the firm hold other events. Resumable: what the store already holds of a stream, up to a
 * revision whose hash equals the export's there (and so, by the chain, the whole prefix), is skipped.
 */
export async function importExport(store: EventStore, lines: ExportLines, options: ImportOptions = {}): Promise<ImportResult> {
  const verification = await verifyExportLines(lines(), (n) => progressEvery(options, 'verifying', n, 0));
  const { summary } = verification;
  if (!verification.ok) {
    throw new ImportRefusedError('not-intact', `the export is not intact, nothing imported: ${firstBadLine(verification)}`, verification);
  }
  if (summary.sealed > 0) {
    throw new ImportRefusedError(
      'sealed',
      `the export holds ${summary.sealed} sealed answer(s), whose text is not in the file: the store could not recreate their hashes. ` +
        'Export with --full (unredacted) to import; nothing imported',
      verification,
    );
  }
  const heads = new Map(summary.heads.map((h) => [h.stream, h]));
  const present = await targetTips(store, heads, options);
  await checkPresentMatches(lines, present, summary.lines, options);

  const appended = await appendMissing(store, lines, heads, present, summary, options);
  return {
    firmId: summary.firmId!,
    events: summary.events,
    streams: summary.streams,
    appended,
    alreadyPresent: summary.events - appended,
    heads: summary.heads,
    headsDigest: summary.headsDigest,
  };
}

interface Tip {
  revision: number;
  hash: string;
}

/** Where each of the export's streams ends in the target, for those it already holds. */
async function targetTips(store: EventStore, heads: Map<string, StreamHead>, options: ImportOptions): Promise<Map<string, Tip>> {
  const present = new Map<string, Tip>();
  let done = 0;
  for (const head of heads.values()) {
    options.signal?.throwIfAborted();
    let tip: Tip | undefined;
    for await (const event of store.readStream(head.stream)) tip = { revision: event.revision, hash: event.hash };
    if (tip && tip.revision > head.revision) {
      throw new ImportRefusedError('conflict', `stream ${head.stream} in the target already goes to revision ${tip.revision}, past the export's ${head.revision}: it holds other events; nothing imported`);
    }
    if (tip) present.set(head.stream, tip);
    options.onProgress?.('target', ++done, heads.size);
  }
  return present;
}

/** The target's last event of each stream it holds must be the export's event at that revision. */
async function checkPresentMatches(lines: ExportLines, present: Map<string, Tip>, total: number, options: ImportOptions): Promise<void> {
  if (present.size === 0) return;
  const verifier = new ExportVerifier();
  let n = 0;
  for await (const text of lines()) {
    const event = verifier.push(text);
    progressEvery(options, 'comparing', ++n, total);
    const tip = event && present.get(event.stream);
    if (tip && tip.revision === event.revision && tip.hash !== event.hash) {
      throw new ImportRefusedError(
        'conflict',
        `stream ${event.stream} in the target holds another event at revision ${event.revision} (hash ${tip.hash.slice(0, 12)}…, the export's ${event.hash.slice(0, 12)}…): nothing imported`,
      );
    }
  }
  if (verifier.finish().problemCount > 0) throw changedSinceVerified();
}

async function appendMissing(
  store: EventStore,
  lines: ExportLines,
  heads: Map<string, StreamHead>,
  present: Map<string, Tip>,
  summary: ExportVerification['summary'],
  options: ImportOptions,
): Promise<number> {
  const writer = options.writer ?? importWriterFor(store);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const missing = summary.events - [...present.values()].reduce((sum, tip) => sum + tip.revision + 1, 0);
  const verifier = new ExportVerifier();
  /** Runs waiting for the next write, each with its lines (the last one's hash is checked after the write). */
  let pending: ExportEventLine[][] = [];
  let run: ExportEventLine[] = [];
  let appended = 0;
  let checkedFirst = false;

  const write = async () => {
    if (pending.length === 0) return;
    const runs = pending;
    pending = [];
    const results = await writer.write(runs.map((events) => ({
      stream: events[0].stream,
      events: events.map(toNewEvent),
      expectedRevision: events[0].revision === 0 ? NO_STREAM : events[0].revision - 1,
    })));
    for (const [i, events] of runs.entries()) {
      const last = events[events.length - 1];
      if (results[i].nextExpectedRevision !== last.revision) {
        throw new ImportRefusedError('hash-mismatch', `stream ${last.stream}: the target put the events at revision ${results[i].nextExpectedRevision}, the export at ${last.revision}`);
      }
      if (results[i].written) appended += events.length;
      // The first run at once, so a store that hashes differently is found early; then each stream once complete.
      if (!checkedFirst || last.revision === heads.get(last.stream)!.revision) await checkStoredHash(store, last);
      checkedFirst = true;
    }
    options.onProgress?.('appending', appended, missing);
    if (options.signal?.aborted) throw new ImportInterruptedError(appended, missing);
  };
  const endRun = async () => {
    if (run.length === 0) return;
    pending.push(run);
    run = [];
    if (pending.length >= writer.runsPerWrite) await write();
  };

  if (missing > 0) options.onProgress?.('appending', 0, missing);
  for await (const text of lines()) {
    const event = verifier.push(text);
    if (verifier.problemsSoFar > 0) throw changedSinceVerified();
    if (!event) continue;
    const tip = present.get(event.stream);
    if (tip && event.revision <= tip.revision) continue;
    if (run.length > 0 && (run[0].stream !== event.stream || run.length >= batchSize)) await endRun();
    run.push(event);
  }
  if (verifier.finish().problemCount > 0) throw changedSinceVerified();
  await endRun();
  await write();
  return appended;
}

async function checkStoredHash(store: EventStore, expected: ExportEventLine): Promise<void> {
  for await (const stored of store.readStream(expected.stream, { fromRevision: expected.revision })) {
    if (stored.id === expected.id && stored.hash === expected.hash) return;
    throw new ImportRefusedError(
      'hash-mismatch',
      `stream ${expected.stream}@${expected.revision}: the target recorded hash ${stored.hash.slice(0, 12)}… (event ${stored.id}), the export has ${expected.hash.slice(0, 12)}… (event ${expected.id}); the import stopped there`,
    );
  }
  throw new ImportRefusedError('hash-mismatch', `stream ${expected.stream}@${expected.revision}: not found in the target after it was appended`);
}

function toNewEvent(line: ExportEventLine): NewEvent {
  return { id: line.id, type: line.type, data: line.data, metadata: line.metadata };
}

function changedSinceVerified(): ImportRefusedError {
  return new ImportRefusedError('not-intact', 'the export changed while it was being imported (it verified a moment ago); run the import again');
}

function progressEvery(options: ImportOptions, phase: ImportPhase, n: number, total: number): void {
  if (n % 1000 !== 0) return;
  options.signal?.throwIfAborted();
  options.onProgress?.(phase, n, total);
}
