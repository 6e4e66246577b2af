import { SingleBar } from 'cli-progress';

export interface ProgressOptions {
  /** What is counted, plural: "events", "rows". */
  unit: string;
  /** Where it goes; stderr by default so stdout stays the command's output (NDJSON, a report). */
  stream?: NodeJS.WriteStream;
  /** Off for --quiet. */
  enabled?: boolean;
}

/**
 * Progress of long work: a bar with count, rate and ETA on a terminal; on a pipe or in CI one plain
 * line every two seconds and a last one at the end, so logs show it without control characters.
 */
export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private bar: SingleBar | null = null;
  private total = 0;
  private value = 0;
  private startedAt = Date.now();
  private lastLineAt = 0;

  constructor(
    private readonly label: string,
    private readonly options: ProgressOptions,
  ) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? true;
  }

  start(total: number, value = 0): void {
    this.total = total;
    this.value = value;
    this.startedAt = Date.now();
    if (!this.enabled) return;
    if (this.stream.isTTY) {
      this.bar = new SingleBar({
        stream: this.stream,
        format: `${this.label} [{bar}] {percentage}% | {value}/{total} ${this.options.unit} | {rate}/s | ETA {eta_formatted}`,
        barsize: 30,
        hideCursor: true,
        etaBuffer: 50,
      });
      this.bar.start(total, value, { rate: 0 });
    } else {
      this.line();
    }
  }

  /** The total can grow while working (a log still being appended to). */
  update(value: number, total = this.total): void {
    this.value = value;
    this.total = Math.max(total, value);
    if (!this.enabled) return;
    if (this.bar) {
      this.bar.setTotal(this.total);
      this.bar.update(value, { rate: this.rate() });
    } else if (Date.now() - this.lastLineAt >= 2000) {
      this.line();
    }
  }

  stop(): void {
    if (!this.enabled) return;
    if (this.bar) {
      this.bar.update(this.value, { rate: this.rate() });
      this.bar.stop();
      this.bar = null;
    } else {
      this.line();
    }
  }

  /** Items per second since start. */
  rate(): number {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return seconds > 0 ? Math.round(this.value / seconds) : 0;
  }

  private line(): void {
    this.lastLineAt = Date.now();
    const rate = this.rate();
    const left = this.total - this.value;
    const eta = rate > 0 && left > 0 ? ` | ETA ${Math.ceil(left / rate)}s` : '';
    const percent = this.total > 0 ? Math.floor((100 * this.value) / this.total) : 100;
    this.stream.write(`${this.label}: ${this.value}/${this.total} ${this.options.unit} (${percent}%) | ${rate}/s${eta}\n`);
  }
}
