import type { Client as WsClient, ExecutionResult } from 'graphql-ws';
import { isFresh } from './positions';

export interface ResumableOptions<Item> {
  ws: Pick<WsClient, 'subscribe' | 'on'>;
  /** A subscription taking `$afterPosition: Int`. */
  query: string;
  /** Its other variables. */
  variables: Record<string, unknown>;
  /** The last position already seen; undefined starts at the head (`head()`). */
  after: number | undefined;
  /** The log's head now, so even a feed that has seen nothing yet resumes without a gap. */
  head: () => Promise<number>;
  /** The item of a result, and its position. */
  pick: (data: Record<string, unknown>) => { item: Item; position: number } | undefined;
  onItem: (item: Item, position: number) => void;
  /** The position the feed would resume after (the head at start, then each item's). */
  onPosition?: (position: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Subscribes from the last position seen and keeps doing so across reconnects. graphql-ws re-sends a
 * subscription's original payload after it reconnects, which would replay from the old position; so
 * after any drop the subscription is restarted from the current one, and duplicates are dropped.
 */
export function subscribeResumable<Item>(options: ResumableOptions<Item>): () => void {
  const { ws, query, variables, pick, onItem, onPosition, onError } = options;
  let last = options.after;
  let stopped = false;
  let dropped = false;
  let generation = 0;
  let stopCurrent: () => void = () => undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // An error ends a graphql-ws subscription for good (a refused request, a server restart mid-way): say
  // so, and start again from the last position, waiting longer after each failure in a row.
  const failed = (error: unknown) => {
    onError?.(error);
    if (stopped) return;
    generation++;
    const delay = Math.min(30_000, 1000 * 2 ** failures++);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (!stopped) start();
    }, delay);
  };

  const start = () => {
    const mine = ++generation;
    stopCurrent();
    stopCurrent = ws.subscribe<Record<string, unknown>>(
      { query, variables: last === undefined ? variables : { ...variables, afterPosition: last } },
      {
        next: (result: ExecutionResult<Record<string, unknown>>) => {
          if (mine !== generation) return;
          if (result.errors?.length) return failed(result.errors);
          const picked = result.data ? pick(result.data) : undefined;
          if (!picked || !isFresh(last, picked.position)) return;
          failures = 0;
          last = picked.position;
          onPosition?.(last);
          onItem(picked.item, picked.position);
        },
        error: (error) => {
          if (mine === generation) failed(error);
        },
        complete: () => undefined,
      },
    );
  };

  const offClosed = ws.on('closed', () => {
    dropped = true;
  });
  // Fires before graphql-ws re-sends the old payload: stopping it here means it is never sent.
  const offConnected = ws.on('connected', () => {
    if (!dropped || stopped) return;
    dropped = false;
    start();
  });

  if (last !== undefined) start();
  else
    options.head().then(
      (head) => {
        if (stopped) return;
        last = head;
        onPosition?.(head);
        start();
      },
      // Without the head, the server's own default (the head when it subscribes) is the best left.
      () => {
        if (!stopped) start();
      },
    );

  return () => {
    stopped = true;
    generation++;
    clearTimeout(retryTimer);
    offClosed();
    offConnected();
    stopCurrent();
  };
}
