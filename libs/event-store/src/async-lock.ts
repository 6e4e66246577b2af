/**
 * A FIFO mutex for work that must not interleave on one synchronous SQLite connection.
 * When the lock is free the function runs at once, in the caller's tick, so an uncontended
 * append pays no extra scheduling.
 */
export class AsyncLock {
  private held = false;
  private readonly queue: Array<() => void> = [];

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.held = true;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.held = false;
    }
  }
}
