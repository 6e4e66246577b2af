import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { SYSTEM, driftDecider, driftStream, type DriftCommand } from '@accord/domain';
import { EVENT_STORE, READ_STORE, deterministicEventId, execute } from '@accord/platform';

const DAY_MS = 86_400_000;

interface FirmDue {
  id: string;
  since: string;
  cadenceDays: number;
}

/**
 * Records CHECK_OVERDUE once per overdue period: a firm whose last closed check (or founding) lies
 * more than its cadence before `now` missed the due dates since + k·cadence (k ≥ 1), and the latest of
 * them that has passed is recorded. A scan every hour therefore records each period as it begins;
 * periods that passed while nothing scanned are not backfilled (one event says "overdue now", not a
 * burst for a server that was down). The cadence is read at scan time, so after `setCadence` the
 * periods follow the new cadence. The event id comes from the firm and the due date, and the decider
 * refuses a due date already recorded, so each period is recorded exactly once however often and on
 * however many instances the scan runs.
 */
@Injectable()
export class OverdueScanner {
  private readonly logger = new Logger('OverdueScanner');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** Scans every firm; resolves to the number of CHECK_OVERDUE events recorded. */
  async scan(now: string): Promise<number> {
    let recorded = 0;
    for (const firm of await this.firms()) {
      const dueAt = latestMissedDueDate(firm, now);
      if (dueAt === null) continue;
      try {
        recorded += await this.recordOverdue(firm.id, dueAt, now);
      } catch (error) {
        // One firm's failure must not hold back the others; the next scan tries again.
        this.logger.error(`could not record CHECK_OVERDUE for firm ${firm.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return recorded;
  }

  private async recordOverdue(firmId: string, dueAt: string, now: string): Promise<number> {
    const { events } = await execute(this.store, {
      decider: driftDecider,
      stream: driftStream(firmId),
      firmId,
      actor: SYSTEM,
      now,
      command: (): DriftCommand => ({ type: 'RecordOverdue', firmId, dueAt, actor: SYSTEM, now }),
      eventId: () => deterministicEventId(`overdue:${firmId}`, dueAt),
    });
    return events.length;
  }

  /** The `firms` table belongs to the firms feature; only its due-date columns are read. */
  private firms(): Promise<FirmDue[]> {
    return this.readStore.read((tx) =>
      tx.all<FirmDue>('SELECT id, coalesce(last_check_closed_at, founded_at) AS since, cadence_days AS "cadenceDays" FROM firms ORDER BY founded_at, id'),
    );
  }
}

/** since + k·cadence for the largest k ≥ 1 that is strictly before `now`; null when the first is not yet past. */
export function latestMissedDueDate(firm: Pick<FirmDue, 'since' | 'cadenceDays'>, now: string): string | null {
  const since = Date.parse(firm.since);
  const period = firm.cadenceDays * DAY_MS;
  const periods = Math.ceil((Date.parse(now) - since) / period) - 1;
  return periods >= 1 ? new Date(since + periods * period).toISOString() : null;
}
