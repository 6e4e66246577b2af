/**
 * autocannon against the benchmark server: every request POSTs one GraphQL operation with the
 * bearer token of a member allowed to run it, drawn from a caller's sequence (many firms and
 * decisions, not one cached request), and every response is checked: a non-2xx status, a GraphQL
 * error or a body the caller rejects counts as a failure, and any failure fails the benchmark,
 * since the figures of error responses would mean nothing.
 */

// autocannon ships no type declarations: the little used here, typed.
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => PromiseLike<AutocannonResult> & { stop(): void };

export interface LoadRequest {
  /** JSON text of `{ query, variables }`. */
  body: string;
  token?: string;
  /** Returns what is wrong with a 200 response's body (beyond GraphQL errors, checked for all), or null. */
  verify?: (body: string) => string | null;
}

export interface LoadOptions {
  httpUrl: string;
  connections: number;
  /** Run for this long, or until `amount` requests (but at most `maxSeconds`). */
  seconds?: number;
  amount?: number;
  maxSeconds?: number;
  /** The next request to send; requests are taken in order, one per send. */
  next: () => LoadRequest;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Responses per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx responses, GraphQL errors, rejected bodies, socket errors and timeouts. */
  failures: number;
  firstFailure?: string;
}

interface Sent {
  request?: LoadRequest;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let failures = 0;
  let firstFailure: string | undefined;
  const fail = (what: string) => {
    failures++;
    firstFailure ??= what.slice(0, 600);
  };
  const instance = autocannon({
    url: `${options.httpUrl}/graphql`,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request: { body?: string; headers: Record<string, string> }, context: Sent) => {
          const next = options.next();
          context.request = next;
          request.body = next.body;
          request.headers = next.token ? { ...request.headers, authorization: `Bearer ${next.token}` } : request.headers;
          return request;
        },
        onResponse: (status: number, body: string, context: Sent) => {
          if (status < 200 || status >= 300) return fail(`HTTP ${status}: ${body}`);
          if (body.includes('"errors":')) return fail(`GraphQL errors: ${body}`);
          const problem = context.request?.verify?.(body);
          if (problem) fail(`${problem}: ${body}`);
        },
      },
    ],
  });
  const cap = options.amount !== undefined && options.maxSeconds !== undefined ? setTimeout(() => instance.stop(), options.maxSeconds * 1000) : undefined;
  const result = await instance;
  clearTimeout(cap);
  const transport = result.errors + result.timeouts;
  if (transport > 0) {
    failures += transport;
    firstFailure ??= `${result.errors} socket errors, ${result.timeouts} timeouts`;
  }
  const requests = result.requests.total;
  // No response in the whole round (a stalled server): every latency was at least the round.
  const stalled = requests === 0 ? result.duration * 1000 : undefined;
  return {
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    p50: stalled ?? result.latency.p50,
    p99: stalled ?? result.latency.p99,
    failures,
    firstFailure,
  };
}

/** Throws when a run had failures: the benchmark must not report figures of error responses. */
export function requireNoFailures(label: string, result: LoadResult): void {
  if (result.failures > 0) throw new Error(`${label}: ${result.failures} of ${result.requests} responses failed; first: ${result.firstFailure}`);
}

/** The framework floor: the same server and transport answering `{ __typename }`, resolved without any read model. */
export const FLOOR_REQUEST: LoadRequest = {
  body: JSON.stringify({ query: '{ __typename }' }),
  verify: (body) => (body.includes('"__typename":"Query"') ? null : 'not the floor answer'),
};
