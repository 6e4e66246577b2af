import { Inject, Injectable } from '@nestjs/common';
import { ChainVerifier, type EventStore, type IntegrityReport, type StreamHead } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { EVENT_STORE } from '@accord/platform';
import { AUDIT_PROJECTION } from '../read-model/audit.projection';
import { AuditQueries, type RememberedEvent } from '../read-model/audit.queries';

const MAX_PROBLEMS = 100;

/**
 * Proves a firm's history was not altered: every stream of the firm is re-read from the event store
 * and its hash chain recomputed; then the events the audit read model remembers are looked up in the
 * store with their hashes, which shows what a chain cannot show on its own — events removed from the
 * tail of a stream, or a stream removed whole.
 */
@Injectable()
export class IntegrityVerifier {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionProgress) private readonly projections: ProjectionProgress,
    private readonly queries: AuditQueries,
  ) {}

  async verify(firmId: string): Promise<IntegrityReport> {
    const head = await this.store.headPosition();
    // So every event now in the store is in the read model too, and a difference means tampering.
    await this.projections.waitFor(head, { projections: [AUDIT_PROJECTION] });
    const streams = await this.queries.streams(firmId);
    const { heads: _heads, ...report } = await verifyFirmStreams(this.store, firmId, streams, {
      remembered: (stream) => this.queries.remembered(stream),
      rememberedThrough: head,
    });
    return report;
  }
}

export interface FirmStreamsOptions {
  /** What the audit read model remembers of a stream; left out when there is no audit read model. */
  remembered?: (stream: string) => Promise<RememberedEvent[]>;
  /** The audit read model has applied the log up to here: every stored event at or before it must be remembered. */
  rememberedThrough?: number;
  /** Called after each stream, for progress. */
  onStream?: (done: number) => void;
}

/**
 * Verifies the given streams of a firm in the event store: each stream's hash chain recomputed from
 * its content, every event belonging to the firm, and, with `remembered`, each event the audit read
 * model remembers present in the store with the same hash (and each stored one up to
 * `rememberedThrough` remembered). Also returns where each stream ends, for comparison elsewhere.
 */
export async function verifyFirmStreams(
  store: EventStore,
  firmId: string,
  streams: readonly string[],
  options: FirmStreamsOptions = {},
): Promise<IntegrityReport & { heads: StreamHead[] }> {
  const report = new ReportBuilder();
  const heads: StreamHead[] = [];
  for (const stream of streams) {
    await verifyStream(store, stream, firmId, options, report, heads);
    options.onStream?.(heads.length);
  }
  return { ...report.build(streams.length), heads };
}

async function verifyStream(store: EventStore, stream: string, firmId: string, options: FirmStreamsOptions, report: ReportBuilder, heads: StreamHead[]): Promise<void> {
  const chain = new ChainVerifier();
  const stored = new Map<number, string>();
  let lastPosition = 0;
  try {
    for await (const event of store.readStream(stream)) {
      chain.check(event);
      stored.set(event.position, event.hash);
      lastPosition = Math.max(lastPosition, event.position);
      if (event.metadata.firmId !== firmId) report.fail(event.position, `position ${event.position} (${stream}@${event.revision}): belongs to firm ${event.metadata.firmId}`);
    }
  } catch (error) {
    report.fail(lastPosition + 1, `${stream}: unreadable after ${stored.size} event(s) (${error instanceof Error ? error.message : String(error)})`);
  }
  report.add(chain.report());
  heads.push(...chain.heads());
  if (!options.remembered) return;

  const remembered = await options.remembered(stream);
  const through = options.rememberedThrough ?? 0;
  const known = new Set<number>();
  for (const { position, revision, hash } of remembered) {
    known.add(position);
    const hashInStore = stored.get(position);
    if (hashInStore === undefined) report.fail(position, `position ${position} (${stream}@${revision}): in the audit log but missing from the event store`);
    else if (hashInStore !== hash) report.fail(position, `position ${position} (${stream}@${revision}): hash differs from the one the audit log recorded`);
  }
  for (const position of stored.keys()) {
    if (position <= through && !known.has(position)) report.fail(position, `position ${position} (${stream}): in the event store but never seen by the audit log`);
  }
}

/** Sums the per-stream chain reports and the read-model comparison into one report. */
class ReportBuilder {
  private eventsChecked = 0;
  private firstBroken: number | null = null;
  private readonly problems: string[] = [];
  private problemCount = 0;

  add(report: IntegrityReport): void {
    this.eventsChecked += report.eventsChecked;
    for (const problem of report.problems) this.note(problem);
    if (report.firstBrokenPosition !== null) this.broken(report.firstBrokenPosition);
  }

  fail(position: number, problem: string): void {
    this.note(problem);
    this.broken(position);
  }

  build(streamsChecked: number): IntegrityReport {
    const more = this.problemCount - this.problems.length;
    return {
      ok: this.problemCount === 0,
      eventsChecked: this.eventsChecked,
      streamsChecked,
      firstBrokenPosition: this.firstBroken,
      problems: more > 0 ? [...this.problems, `… and ${more} more`] : [...this.problems],
    };
  }

  private note(problem: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  private broken(position: number): void {
    this.firstBroken = this.firstBroken === null ? position : Math.min(this.firstBroken, position);
  }
}
