import { performance } from 'node:perf_hooks';
import { percentile } from '../support/framework';
import { Progress, yieldToEventLoop } from '../support/helpers';

/** One timed operation on one store; `n` counts the samples of this side so far. */
export type Probe = (n: number) => Promise<void>;

export interface Latencies {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function latenciesOf(ms: number[]): Latencies {
  const sorted = [...ms].sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/**
 * Runs the small and the large store's probe one request at a time (latency, never queueing),
 * alternating small-large, large-small, … request by request: machine drift hits both sides alike,
 * and neither side's keep-alive connection sits idle long enough to race the server closing it.
 * `warmup` untimed calls per side first. Returns the latencies of each side in ms.
 */
export async function interleaved(
  label: string,
  small: Probe,
  large: Probe,
  options: { samples: number; warmup: number },
): Promise<{ small: number[]; large: number[] }> {
  const progress = new Progress(label, options.samples * 2);
  const done = { small: 0, large: 0 };
  const times: { small: number[]; large: number[] } = { small: [], large: [] };
  const sides = { small, large };
  const call = async (side: 'small' | 'large') => {
    try {
      await sides[side](done[side]++);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      throw new Error(`${label} on the ${side} store, request ${done[side]}: ${(error as Error).message}${cause ? ` (${String(cause)})` : ''}`, { cause: error });
    }
  };
  for (let i = 0; i < options.warmup; i++) {
    await call('small');
    await call('large');
  }
  for (let i = 0; i < options.samples; i++) {
    for (const side of i % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)) {
      const started = performance.now();
      await call(side);
      times[side].push(performance.now() - started);
    }
    if (progress.tick(2 * (i + 1))) await yieldToEventLoop();
  }
  progress.clear();
  return times;
}
