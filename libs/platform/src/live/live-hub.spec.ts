import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';
import { InProcessLiveBus } from './live-bus';
import { LiveHub, type LiveHubOptions } from './live-hub';
import { LivePublisher } from './live-publisher';
import { FaultyBus, appendTicks, quiet, range, sleep, take, until, within } from './testing/live-fixtures';

describe('LiveHub fed by a LivePublisher', () => {
  let temp: TempSqlite;
  let bus: FaultyBus;
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeEach(() => {
    temp = openTempSqlite('accord-live-');
    bus = new FaultyBus(new InProcessLiveBus());
  });
  afterEach(async () => {
    for (const part of running.splice(0).reverse()) await part.stop();
    await temp.close();
  });

  async function startHub(options: LiveHubOptions = {}): Promise<LiveHub> {
    const hub = new LiveHub(temp.store, bus, { logger: quiet, ...options });
    await hub.start();
    running.push(hub);
    return hub;
  }

  async function startPublisher(heartbeatMs = 2000): Promise<LivePublisher> {
    const publisher = new LivePublisher(temp.store, bus, async () => undefined, { logger: quiet, heartbeatMs });
    await publisher.start();
    running.push(publisher);
    return publisher;
  }

  async function readAll() {
    const events = [];
    for await (const event of temp.store.readAll()) events.push(event);
    return events;
  }

  describe('while writers append', () => {
    it('delivers every event after `after` exactly once and in order, across the switch from the store to live', async () => {
      await appendTicks(temp.store, 300);
      const hub = await startHub();
      await startPublisher();

      // 4 writers, 60 appends of 1-4 events each, yielding to the event loop in between.
      const plan = Array.from({ length: 4 }, (_, w) => Array.from({ length: 60 }, (_, i) => 1 + ((w + i) % 4)));
      const total = 300 + plan.flat().reduce((a, b) => a + b, 0);
      const writers = plan.map(async (sizes) => {
        for (const size of sizes) {
          await appendTicks(temp.store, size);
          await new Promise((resolve) => setImmediate(resolve));
        }
      });

      const feeds: Array<Promise<{ after: number; positions: number[] }>> = [];
      const follow = (after: number) => feeds.push(take(hub.subscribe({ after }), total - after).then((positions) => ({ after, positions })));
      follow(0);
      follow(150);
      // Subscribers that join mid-write: at the hub's position, behind it, and at the store head ahead of it.
      for (let i = 0; i < 6; i++) {
        await sleep(3);
        follow(hub.position);
        follow(Math.max(0, hub.position - 40));
        follow(await temp.store.headPosition());
      }
      await Promise.all(writers);

      for (const { after, positions } of await within(20_000, Promise.all(feeds))) expect(positions).toEqual(range(after, total));
      expect(hub.position).toBe(total);
    });
  });

  it('fills a lost bus message from the store before the next one', async () => {
    const hub = await startHub();
    await startPublisher();
    bus.lose = (_, index) => index === 1;
    const feed = take(hub.subscribe({ after: 0 }), 9);

    await appendTicks(temp.store, 3);
    await until(() => hub.position === 3);
    await appendTicks(temp.store, 3); // lost
    await until(() => bus.lost.length === 1);
    await appendTicks(temp.store, 3);

    expect(await within(5000, feed)).toEqual(range(0, 9));
    expect(bus.lost[0].events.map((e) => e.position)).toEqual([4, 5, 6]);
  });

  it('fills a lost last message when the next heartbeat arrives', async () => {
    const hub = await startHub();
    await startPublisher(50);
    bus.lose = () => true;
    const feed = take(hub.subscribe({ after: 0 }), 4);

    await appendTicks(temp.store, 4);

    expect(await within(5000, feed)).toEqual(range(0, 4));
    expect(bus.lost).toHaveLength(1);
  });

  it('feeds two hubs on one bus the same events in order', async () => {
    const first = await startHub();
    const second = await startHub();
    await startPublisher();
    const feeds = [take(first.subscribe({ after: 0 }), 50), take(second.subscribe({ after: 0 }), 50)];

    for (let i = 0; i < 10; i++) await appendTicks(temp.store, 5);

    expect(await within(5000, Promise.all(feeds))).toEqual([range(0, 50), range(0, 50)]);
  });

  it('lets a slow subscriber fall behind without holding up the hub or another subscriber', async () => {
    const hub = await startHub({ bufferSize: 5, readBatchSize: 7 });
    await startPublisher();
    const reads = jest.spyOn(temp.store, 'readAll');
    let slowCount = 0;
    const slow = take(hub.subscribe({ after: 0 }), 200, async () => {
      slowCount++;
      await sleep(2);
    });
    const fast = take(hub.subscribe({ after: 0 }), 200);

    for (let i = 0; i < 40; i++) {
      await appendTicks(temp.store, 5);
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(await within(5000, fast)).toEqual(range(0, 200));
    expect(slowCount).toBeLessThan(150);
    expect(await within(10_000, slow)).toEqual(range(0, 200));
    // Both subscribed at the hub's position: only the slow one's overflows read the store (in batches of 7).
    expect(reads.mock.calls.filter(([options]) => options?.batchSize === 7).length).toBeGreaterThan(0);
  });

  describe('with `only`', () => {
    const even = (event: { position: number }) => event.position % 2 === 0;

    it('delivers only the wanted events, from the store and live, in order', async () => {
      await appendTicks(temp.store, 10);
      const hub = await startHub();
      await startPublisher();
      const feed = take(hub.subscribe({ after: 3, only: even }), 6);

      await appendTicks(temp.store, 6);

      expect(await within(5000, feed)).toEqual([4, 6, 8, 10, 12, 14]);
    });

    it('does not let unwanted events fill the buffer of a subscriber that is behind', async () => {
      const hub = await startHub({ bufferSize: 3, readBatchSize: 7 });
      await startPublisher();
      const reads = jest.spyOn(temp.store, 'readAll');
      const subscription = hub.subscribe({ after: 0, only: (event) => event.position === 30 });

      for (let i = 0; i < 10; i++) await appendTicks(temp.store, 3);
      await until(() => hub.position === 30);

      expect(await within(5000, take(subscription, 1))).toEqual([30]);
      // 29 unwanted events went by a buffer of 3 without an overflow sending it to the store (the hub reads in batches of 7).
      expect(reads.mock.calls.filter(([options]) => options?.batchSize === 7)).toEqual([]);
    });
  });

  it('skips what lies at or below `after` when `after` is ahead of the hub', async () => {
    await appendTicks(temp.store, 2);
    const hub = await startHub();
    await appendTicks(temp.store, 3); // not yet published: the publisher starts after
    const feed = take(hub.subscribe({ after: 4 }), 2);
    await startPublisher();
    await appendTicks(temp.store, 1);
    // The publisher started at head 5, so the hub reads 3…5 from the store when it hears of 6.
    expect(await within(5000, feed)).toEqual([5, 6]);
  });

  describe('closing', () => {
    it('ends a next() that waits for a live event', async () => {
      const hub = await startHub();
      const subscription = hub.subscribe({ after: 0 });
      const next = subscription[Symbol.asyncIterator]().next();
      subscription.close();
      expect(await within(1000, next)).toEqual({ done: true, value: undefined });
    });

    it('ends the feed when its signal aborts', async () => {
      const hub = await startHub();
      const controller = new AbortController();
      const next = hub.subscribe({ after: 0, signal: controller.signal })[Symbol.asyncIterator]().next();
      controller.abort();
      expect(await within(1000, next)).toEqual({ done: true, value: undefined });
    });

    it('ends every feed when the hub stops, and feeds asked for afterwards at once', async () => {
      await appendTicks(temp.store, 3);
      const hub = await startHub();
      const events = hub.subscribe({ after: 3 })[Symbol.asyncIterator]();
      const next = events.next();
      await hub.stop();
      expect(await within(1000, next)).toEqual({ done: true, value: undefined });
      expect(await hub.subscribe({ after: 0 })[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    });

    it('is refused before the hub has started', () => {
      const hub = new LiveHub(temp.store, bus, { logger: quiet });
      expect(() => hub.subscribe({ after: 0 })).toThrow('not started');
    });
  });

  it('keeps dispatching in store order when a message repeats events it has seen', async () => {
    const hub = await startHub();
    const feed = take(hub.subscribe({ after: 0 }), 3);
    await appendTicks(temp.store, 3);
    const [first, second, third] = await readAll();
    // A second publisher (another instance) may resend what the first already published.
    await bus.publish({ after: 0, events: [first, second] });
    await bus.publish({ after: 0, events: [first, second, third] });
    expect(await within(1000, feed)).toEqual([1, 2, 3]);
  });
});
