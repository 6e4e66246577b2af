import { subscribeResumable } from './resumable-subscription';

/** A stand-in for graphql-ws's client: records each subscribe, and lets the test play the server. */
function fakeWs() {
  const listeners: Record<string, Array<() => void>> = { connected: [], closed: [] };
  const subscriptions: Array<{ variables: Record<string, unknown>; sink: { next(value: unknown): void; error(error: unknown): void }; disposed: boolean }> = [];
  const ws = {
    subscribe(payload: { variables?: Record<string, unknown> }, sink: { next(value: unknown): void; error(error: unknown): void }) {
      const subscription = { variables: payload.variables ?? {}, sink, disposed: false };
      subscriptions.push(subscription);
      return () => {
        subscription.disposed = true;
      };
    },
    on(event: 'connected' | 'closed', listener: () => void) {
      listeners[event].push(listener);
      return () => undefined;
    },
  };
  const emit = (event: 'connected' | 'closed') => listeners[event].forEach((listener) => listener());
  const latest = () => subscriptions[subscriptions.length - 1];
  const send = (position: number) => latest().sink.next({ data: { item: { position } } });
  return { ws: ws as never, subscriptions, emit, latest, send };
}

function follow(after: number | undefined, fake: ReturnType<typeof fakeWs>, head = 10) {
  const seen: number[] = [];
  const errors: unknown[] = [];
  const stop = subscribeResumable<{ position: number }>({
    ws: fake.ws,
    query: 'subscription($afterPosition: Int) { item(afterPosition: $afterPosition) { position } }',
    variables: { firmId: 'f' },
    after,
    head: () => Promise.resolve(head),
    pick: (data) => {
      const item = data.item as { position: number };
      return { item, position: item.position };
    },
    onItem: (_item, position) => seen.push(position),
    onError: (error) => errors.push(error),
  });
  return { seen, errors, stop };
}

describe('subscribeResumable', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('when it starts having seen nothing', () => {
    it('subscribes after the head, so the first reconnect has a position to resume from', async () => {
      const fake = fakeWs();
      follow(undefined, fake, 42);
      await Promise.resolve();
      expect(fake.latest().variables).toEqual({ firmId: 'f', afterPosition: 42 });
    });
  });

  describe('when the socket drops and comes back', () => {
    it('starts again after the last position seen, drops the old subscription and every duplicate', () => {
      const fake = fakeWs();
      const { seen } = follow(5, fake);
      fake.send(6);
      fake.send(7);
      fake.emit('closed');
      fake.emit('connected');
      expect(fake.subscriptions).toHaveLength(2);
      expect(fake.subscriptions[0].disposed).toBe(true);
      expect(fake.latest().variables).toEqual({ firmId: 'f', afterPosition: 7 });
      fake.send(7);
      fake.send(8);
      expect(seen).toEqual([6, 7, 8]);
    });
  });

  describe('when the server ends the subscription with an error', () => {
    it('reports it and starts again from the last position, waiting longer each time in a row', () => {
      const fake = fakeWs();
      const { seen, errors } = follow(3, fake);
      fake.send(4);
      fake.latest().sink.error(new Error('refused'));
      expect(errors).toHaveLength(1);
      expect(fake.subscriptions).toHaveLength(1);
      jest.advanceTimersByTime(1000);
      expect(fake.subscriptions).toHaveLength(2);
      expect(fake.latest().variables).toEqual({ firmId: 'f', afterPosition: 4 });
      fake.latest().sink.next({ errors: [{ message: 'again' }] });
      jest.advanceTimersByTime(1999);
      expect(fake.subscriptions).toHaveLength(2);
      jest.advanceTimersByTime(1);
      expect(fake.subscriptions).toHaveLength(3);
      fake.send(5);
      expect(seen).toEqual([4, 5]);
    });

    it('stops retrying once stopped', () => {
      const fake = fakeWs();
      const { stop } = follow(3, fake);
      fake.latest().sink.error(new Error('refused'));
      stop();
      jest.advanceTimersByTime(60_000);
      expect(fake.subscriptions).toHaveLength(1);
    });
  });
});
