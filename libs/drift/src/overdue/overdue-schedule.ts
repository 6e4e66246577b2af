import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, OVERDUE_SCAN_SECONDS, type Clock } from '@accord/platform';
import { OverdueScanner } from './overdue-scanner';

/** The first scan runs this long after start, once the read models had a moment to catch up. */
const FIRST_SCAN_DELAY_MS = 5_000;

/**
 * Runs the overdue scan shortly after start and then every ACCORD_OVERDUE_SCAN_SECONDS; stops on
 * shutdown. The timer only says when to look; what is overdue is decided by the injected clock, so
 * `tick()` under a manual clock is exactly what the timer does, without waiting for it.
 */
@Injectable()
export class OverdueSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OverdueSchedule');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly scanner: OverdueScanner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OVERDUE_SCAN_SECONDS) private readonly intervalSeconds: number,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.intervalSeconds * 1000;
    this.schedule(Math.min(FIRST_SCAN_DELAY_MS, intervalMs), intervalMs);
  }

  /** Before the store closes (its shutdown hook runs after this): no new scan, and the running one finishes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number, intervalMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().then(() => undefined).finally(() => {
        this.running = null;
        this.schedule(intervalMs, intervalMs);
      });
    }, delayMs);
    // A pending scan never keeps the process alive.
    this.timer.unref();
  }

  /** One scan at the clock's now; resolves to the number of CHECK_OVERDUE recorded (0 when it failed, which it logs). */
  async tick(): Promise<number> {
    try {
      const recorded = await this.scanner.scan(this.clock.now());
      if (recorded > 0) this.logger.log(`recorded ${recorded} CHECK_OVERDUE drift(s)`);
      return recorded;
    } catch (error) {
      this.logger.error(`overdue scan failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}
