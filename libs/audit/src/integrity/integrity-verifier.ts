import { Inject, Injectable } from '@nestjs/common';
import { ChainVerifier, type EventStore, type IntegrityReport } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { EVENT_STORE } from '@accord/platform';
import { AUDIT_PROJECTION } from '../read-model/audit.projection';
import { AuditQueries } from '../read-model/audit.queries';

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
    const report = new ReportBuilder();
    const streams = await this.queries.streams(firmId);
    for (const stream of streams) await this.verifyStream(stream, firmId, head, report);
    return report.build(streams.length);
  }

  private async verifyStream(stream: string, firmId: string, head: number, report: ReportBuilder): Promise<void> {
    const chain = new ChainVerifier();
    const stored = new Map<number, string>();
    try {
      for await (const event of this.store.readStream(stream)) {
        chain.check(event);
        stored.set(event.position, event.hash);
        if (event.metadata.firmId !== firmId) report.fail(event.position, `position ${event.position} (${stream}@${event.revision}): belongs to firm ${event.metadata.firmId}`);
      }
    } catch (error) {
      const next = Math.max(0, ...stored.keys()) + 1;
      report.fail(next, `${stream}: unreadable after ${stored.size} event(s) (${error instanceof Error ? error.message : String(error)})`);
    }
    report.add(chain.report());

    const remembered = await this.queries.remembered(stream);
    const known = new Set<number>();
    for (const { position, revision, hash } of remembered) {
      known.add(position);
      const hashInStore = stored.get(position);
      if (hashInStore === undefined) report.fail(position, `position ${position} (${stream}@${revision}): in the audit log but missing from the event store`);
      else if (hashInStore !== hash) report.fail(position, `position ${position} (${stream}@${revision}): hash differs from the one the audit log recorded`);
    }
    for (const position of stored.keys()) {
      if (position <= head && !known.has(position)) report.fail(position, `position ${position} (${stream}): in the event store but never seen by the audit log`);
    }
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
