import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newEventId, type NewEvent } from '../../libs/event-store/src';

// ---------------------------------------------------------------------------------------------
// Temporary files: every directory made here is removed at the end, on failure, and on Ctrl-C.
// ---------------------------------------------------------------------------------------------

const tempDirs = new Set<string>();
let cleanupInstalled = false;

function removeAllTempDirs(): void {
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', removeAllTempDirs);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: removing temporary files\n`);
      removeAllTempDirs();
      process.exit(code);
    });
  }
}

/** A fresh directory under `os.tmpdir()`, removed by {@link removeTempDir} or at process exit. */
export function makeTempDir(label: string): string {
  installCleanup();
  const dir = mkdtempSync(join(tmpdir(), `accord-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one line rewritten with `\r`, five times a second on a terminal (every
// 2 s when stderr is a file or pipe, so a log stays short). `total` 0 means silent.
// ---------------------------------------------------------------------------------------------

const PROGRESS_INTERVAL_MS = process.stderr.isTTY ? 200 : 2000;
const YIELD_INTERVAL_MS = 100;

/** Lets pending I/O callbacks and signal handlers run (costs a few µs, once per 100 ms). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Progress {
  private last = 0;
  private lastYield = performance.now();
  private start = performance.now();
  private width = 0;

  constructor(private label: string, private total: number) {}

  /** A progress that prints nothing (warm-ups). */
  static silent(): Progress {
    return new Progress('', 0);
  }

  /** Starts a new phase on the same line (e.g. the next round). */
  phase(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.start = performance.now();
    this.last = this.start;
    this.write(0, true);
  }

  /**
   * Reports `done`; returns true every 100 ms, when the caller should `await yieldToEventLoop()`.
   * The timed loops otherwise run in one microtask chain, and Ctrl-C (whose handler removes the
   * temporary files) would only be handled at the very end.
   */
  tick(done: number): boolean {
    const now = performance.now();
    if (this.total > 0 && (now - this.last >= PROGRESS_INTERVAL_MS || done >= this.total)) {
      this.last = now;
      this.write(done, false);
    }
    if (now - this.lastYield < YIELD_INTERVAL_MS) return false;
    this.lastYield = now;
    return true;
  }

  clear(): void {
    if (this.width > 0) process.stderr.write('\r' + ' '.repeat(this.width) + '\r');
    this.width = 0;
  }

  private write(done: number, starting: boolean): void {
    if (this.total === 0) return;
    const seconds = (performance.now() - this.start) / 1000;
    const rate = !starting && seconds > 0 ? `${fmtInt(done / seconds)} ev/s` : '';
    const line = `  ${this.label}: ${fmtInt(done)}/${fmtInt(this.total)} ${rate}`;
    process.stderr.write('\r' + line.padEnd(this.width));
    this.width = Math.max(this.width, line.length);
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Seeded PRNG (mulberry32), so Accord and the raw baseline see the same stream sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Workload: which stream each append goes to, and its events (~300 bytes of JSON each)
// ---------------------------------------------------------------------------------------------

export interface PlannedAppend {
  stream: string;
  events: NewEvent[];
}

const STATUSES = ['proposed', 'adopted', 'rejected', 'deferred'] as const;
const BASE_TIME = Date.parse('2026-01-05T09:00:00.000Z');

/** A decision event of about 300 bytes as JSON (id, type, data with a few strings, metadata). */
export function makeEvent(n: number, stream: string): NewEvent {
  return {
    // Accord mints event ids with newEventId() (UUIDv7); both sides insert these same rows.
    id: newEventId(),
    type: 'DecisionRecorded',
    data: {
      decisionId: stream,
      title: `Engagement terms for client ${(n % 997).toString().padStart(3, '0')}`,
      summary: 'Partners agreed the fee cap',
      status: STATUSES[n % STATUSES.length],
    },
    metadata: {
      actor: `member-${(n % 40).toString().padStart(3, '0')}`,
      firmId: 'firm-0001',
      occurredAt: new Date(BASE_TIME + n * 1000).toISOString(),
      correlationId: randomUUID(),
    },
  };
}

/**
 * `appends` appends of `perAppend` events each, to streams drawn (seeded) from `streamCount`
 * streams, so a stream is sometimes new (`no_stream`) and sometimes continued.
 */
export function planAppends(appends: number, perAppend: number, streamCount: number, seed: number): PlannedAppend[] {
  const random = prng(seed);
  const streams = Array.from({ length: streamCount }, () => `decision-${randomUUID()}`);
  const plan: PlannedAppend[] = [];
  let n = 0;
  for (let a = 0; a < appends; a++) {
    const stream = streams[Math.floor(random() * streamCount)];
    const events: NewEvent[] = [];
    for (let i = 0; i < perAppend; i++) events.push(makeEvent(n++, stream));
    plan.push({ stream, events });
  }
  return plan;
}
