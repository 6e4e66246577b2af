import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** A graphql-ws connection for specs, recording the close codes it sees. */
export interface WsConnection {
  readonly client: Client;
  /** Codes of every close seen, in order. */
  readonly closeCodes: number[];
  /** Resolves with the code of the next close (or the last one, if already closed). */
  closed(timeoutMs?: number): Promise<number>;
  subscribe<Data>(query: string, variables?: Record<string, unknown>): LiveSubscription<Data>;
  dispose(): Promise<void>;
}

/** One subscription: what it delivered so far, and ways to wait for more. */
export interface LiveSubscription<Data> {
  readonly received: Data[];
  readonly errors: GraphqlError[];
  /** The next `count` results not yet taken; rejects after `timeoutMs` or on an error. */
  take(count: number, timeoutMs?: number): Promise<Data[]>;
  /** The first GraphQL errors the subscription answered with (e.g. FORBIDDEN). */
  firstErrors(timeoutMs?: number): Promise<GraphqlError[]>;
  /** Waits `ms` and resolves with what arrived since the last take (to prove that nothing else came). */
  quietFor(ms: number): Promise<Data[]>;
  unsubscribe(): void;
}

/** Connects to `wsUrl` with `{ authorization: 'Bearer <token>' }` as connectionParams (none without a token). */
export function connectWs(wsUrl: string, token?: string): WsConnection {
  const closeCodes: number[] = [];
  const closeListeners = new Set<(code: number) => void>();
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: true,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const code = (event as { code?: number }).code ?? 0;
        closeCodes.push(code);
        for (const listener of closeListeners) listener(code);
      },
    },
  });
  return {
    client,
    closeCodes,
    closed: (timeoutMs = 5000) =>
      withTimeout(
        new Promise<number>((resolve) => closeListeners.add(resolve)),
        timeoutMs,
        'the socket did not close',
      ),
    subscribe: <Data>(query: string, variables?: Record<string, unknown>) => liveSubscription<Data>(client, query, variables),
    dispose: async () => {
      await client.dispose();
    },
  };
}

function liveSubscription<Data>(client: Client, query: string, variables?: Record<string, unknown>): LiveSubscription<Data> {
  const received: Data[] = [];
  const errors: GraphqlError[] = [];
  let failure: unknown = null;
  let taken = 0;
  const wake = new Set<() => void>();
  const notify = () => {
    for (const listener of [...wake]) listener();
  };
  const unsubscribe = client.subscribe<Data>(
    { query, variables },
    {
      next: (result: ExecutionResult<Data>) => {
        if (result.errors?.length) errors.push(...(result.errors as unknown as GraphqlError[]));
        if (result.data) received.push(result.data);
        notify();
      },
      error: (error) => {
        failure = error;
        if (Array.isArray(error)) errors.push(...(error as GraphqlError[]));
        notify();
      },
      complete: notify,
    },
  );
  const until = <T>(ready: () => T | undefined, timeoutMs: number, what: string) =>
    withTimeout(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          let value: T | undefined;
          try {
            value = ready();
          } catch (error) {
            wake.delete(check);
            reject(error);
            return;
          }
          if (value !== undefined) {
            wake.delete(check);
            resolve(value);
          } else if (failure !== null && errors.length === 0) {
            wake.delete(check);
            reject(new Error(`subscription failed: ${explain(failure)}`));
          }
        };
        wake.add(check);
        check();
      }),
      timeoutMs,
      () => `${what} (received ${received.length}, errors ${JSON.stringify(errors)})`,
    );
  return {
    received,
    errors,
    take: (count, timeoutMs = 10_000) =>
      until(
        () => {
          if (errors.length > 0) throw new Error(`subscription errors: ${JSON.stringify(errors)}`);
          if (received.length - taken < count) return undefined;
          const batch = received.slice(taken, taken + count);
          taken += count;
          return batch;
        },
        timeoutMs,
        `expected ${count} more result(s)`,
      ),
    firstErrors: (timeoutMs = 5000) => until(() => (errors.length > 0 ? [...errors] : undefined), timeoutMs, 'expected an error'),
    quietFor: async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const extra = received.slice(taken);
      taken = received.length;
      return extra;
    },
    unsubscribe,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'string' ? message : message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function explain(error: unknown): string {
  if (error instanceof Error) return error.message;
  const code = (error as { code?: number })?.code;
  return code !== undefined ? `socket closed with ${code}` : JSON.stringify(error);
}
