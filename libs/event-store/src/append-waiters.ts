/**
 * The callers of `waitForAppend`, shared by the adapters: each waits until woken (by an append this
 * process made or a notification from elsewhere), a poll interval passes, or its signal aborts.
 */
export class AppendWaiters {
  private readonly waiting = new Set<{ after: number; wake: () => void }>();

  /** Resolves when woken past `after`, after `pollMs`, or on abort; spurious wake-ups are allowed. */
  wait(after: number, pollMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { after, wake: () => done() };
      const timer = setTimeout(() => done(), pollMs);
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(waiter);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiting.add(waiter);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes those waiting for a position below `position`, or everyone when it is unknown. */
  wake(position?: number): void {
    for (const waiter of [...this.waiting]) if (position === undefined || position > waiter.after) waiter.wake();
  }
}
