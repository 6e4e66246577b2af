import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';
import { InProcessLiveBus, type LiveMessage } from './live-bus';
import { LiveHub } from './live-hub';
import { LivePublisher, type LivePublisherOptions } from './live-publisher';
import { FaultyBus, appendTicks, quiet, range, sleep, take, until, within } from './testing/live-fixtures';

describe('LivePublisher', () => {
  let temp: TempSqlite;
  let bus: FaultyBus;
  let publisher: LivePublisher | undefined;

  beforeEach(() => {
    temp = openTempSqlite('accord-live-');
    bus = new FaultyBus(new InProcessLiveBus());
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    await temp.close();
  });

  async function start(afterProjected: (position: number) => Promise<void> = async () => undefined, options: LivePublisherOptions = {}) {
    publisher = new LivePublisher(temp.store, bus, afterProjected, { logger: quiet, ...options });
    await publisher.start();
    return publisher;
  }

  const shape = (messages: LiveMessage[]) => messages.filter((m) => m.events.length > 0).map((m) => ({ after: m.after, positions: m.events.map((e) => e.position) }));

  it('publishes from the head at start, events appended together in one message, each `after` the end of the one before', async () => {
    await appendTicks(temp.store, 2);
    await start();
    await appendTicks(temp.store, 3);
    await until(() => bus.published.length === 1);
    await appendTicks(temp.store, 1);
    await until(() => bus.published.length === 2);
    expect(shape(bus.published)).toEqual([
      { after: 2, positions: [3, 4, 5] },
      { after: 5, positions: [6] },
    ]);
  });

  it('splits what arrived together at `batchSize`', async () => {
    await start(undefined, { batchSize: 3 });
    await appendTicks(temp.store, 7);
    await until(() => bus.published.length === 3);
    expect(shape(bus.published)).toEqual([
      { after: 0, positions: [1, 2, 3] },
      { after: 3, positions: [4, 5, 6] },
      { after: 6, positions: [7] },
    ]);
  });

  it('publishes a batch only once afterProjected has resolved for its last position', async () => {
    const asked: number[] = [];
    let release!: () => void;
    const projected = new Promise<void>((resolve) => (release = resolve));
    await start(async (position) => {
      asked.push(position);
      await projected;
    });
    await appendTicks(temp.store, 4);
    await until(() => asked.length === 1);
    await sleep(20);
    expect(bus.published).toEqual([]);
    release();
    await until(() => bus.published.length === 1);
    expect(asked).toEqual([4]);
    expect(shape(bus.published)).toEqual([{ after: 0, positions: [1, 2, 3, 4] }]);
  });

  it('publishes anyway when afterProjected rejects (a lagging projection)', async () => {
    await start(async () => {
      throw new Error('projections not at position in time');
    });
    await appendTicks(temp.store, 2);
    await until(() => bus.published.length === 1);
    expect(shape(bus.published)).toEqual([{ after: 0, positions: [1, 2] }]);
  });

  it('sends a heartbeat with its position when idle', async () => {
    await start(undefined, { heartbeatMs: 20 });
    await appendTicks(temp.store, 2);
    await until(() => bus.published.some((m) => m.events.length === 0 && m.after === 2));
  });

  it('goes on after the bus refused a message, and receivers still get every event in order', async () => {
    const hub = new LiveHub(temp.store, bus, { logger: quiet });
    await hub.start();
    await start(undefined, { heartbeatMs: 30 });
    const feed = take(hub.subscribe({ after: 0 }), 6);

    bus.down = true;
    await appendTicks(temp.store, 3);
    await sleep(20);
    bus.down = false;
    await appendTicks(temp.store, 3);

    expect(await within(5000, feed)).toEqual(range(0, 6));
    expect(shape(bus.published)[0]).toEqual({ after: 3, positions: [4, 5, 6] });
    await hub.stop();
  });

  it('stops while afterProjected is still waiting', async () => {
    await start(() => new Promise(() => undefined));
    await appendTicks(temp.store, 1);
    await sleep(10);
    await within(1000, publisher!.stop(), 'stop');
    expect(bus.published).toEqual([]);
  });
});
