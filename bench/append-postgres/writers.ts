import { performance } from 'node:perf_hooks';
import { yieldToEventLoop, type Progress } from '../support/helpers';
import type { Append } from './workload';

export interface WriteResult {
  ms: number;
  events: number;
  /** Milliseconds of each append call, as its caller waited for it. */
  latencies: number[];
}

/**
 * Runs `appends` with `writers` concurrent writers taking the next append from one shared queue.
 * An append waits for the previous append of its stream to finish first (rare with 5,000 streams),
 * so every stream is written in plan order and the precomputed expected revisions hold on every side.
 * Latency counts from the append call to its acknowledgement, not that wait.
 */
export async function writeConcurrently(
  appends: readonly Append[], writers: number, progress: Progress, append: (a: Append) => Promise<void>,
): Promise<WriteResult> {
  const tails = new Map<string, Promise<void>>();
  const latencies: number[] = [];
  let next = 0;
  let done = 0;
  let failure: unknown;
  const writer = async () => {
    while (failure === undefined && next < appends.length) {
      const a = appends[next++];
      const previous = tails.get(a.stream);
      let finish!: () => void;
      const mine = new Promise<void>((resolve) => (finish = resolve));
      tails.set(a.stream, mine);
      try {
        if (previous) await previous;
        const start = performance.now();
        await append(a);
        latencies.push(performance.now() - start);
      } catch (error) {
        failure ??= error;
      } finally {
        finish();
        if (tails.get(a.stream) === mine) tails.delete(a.stream);
      }
      done += a.rows.length;
      if (progress.tick(done)) await yieldToEventLoop();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  const ms = performance.now() - start;
  if (failure !== undefined) throw failure;
  return { ms, events: done, latencies };
}
