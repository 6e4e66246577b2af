import { StoreBusyError } from './errors';

interface Waiter {
  resolve: () => void;
  timer?: NodeJS.Timeout;
}

/**
 * A FIFO mutex for work that must not interleave on one synchronous SQLite connection.
 * When the lock is free the function runs at once, in the caller's tick, so an uncontended
 * append pays no extra scheduling. A waiter gives up after `timeoutMs` with a {@link StoreBusyError}
 * naming the holder: work that waits for itself (an append from inside a projection's
 * transaction) then fails visibly instead of stalling every writer for good.
 */
export class AsyncLock {
  private held = false;
  private holder = '';
  private readonly queue: Waiter[] = [];

  /** `timeoutMs`: how long a waiter waits; `Infinity` for work that may rightly take long. */
  constructor(private readonly timeoutMs = 30_000) {}

  async run<T>(fn: () => T | Promise<T>, label = 'a task'): Promise<T> {
    if (this.held) await this.wait();
    else this.held = true;
    this.holder = label;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve();
      } else {
        this.held = false;
      }
    }
  }

  private wait(): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve };
      // setTimeout would fire an infinite delay after 1 ms.
      if (Number.isFinite(this.timeoutMs)) {
        waiter.timer = setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new StoreBusyError(this.holder, this.timeoutMs));
        }, this.timeoutMs);
      }
      this.queue.push(waiter);
    });
  }
}
