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
 * Records CHECK_OVERDUE for every firm whose next check was due before `now`: due = the last closed
 * check (or the founding) plus the cadence, as the firms read model shows it. The event id comes from
 * the firm and the due date, and the decider refuses a due date already recorded, so each missed
 * due date is recorded exactly once however often and on however many instances the scan runs.
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
      const dueAt = new Date(Date.parse(firm.since) + firm.cadenceDays * DAY_MS).toISOString();
      if (Date.parse(dueAt) >= Date.parse(now)) continue;
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
