import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeWithRedis, testRedisUrl } from '@accord/event-store/testing/services';
import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';
import type { LiveMessage } from './live-bus';
import { LiveHub } from './live-hub';
import { LivePublisher } from './live-publisher';
import { RedisLiveBus, type RedisLiveBusOptions } from './redis-live-bus';
import { appendTicks, quiet, range, take, until, within } from './testing/live-fixtures';

describeWithRedis('RedisLiveBus', () => {
  const channel = `accord:live:test:${randomUUID()}`;
  let temp: TempSqlite;
  let admin: Redis;
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeEach(() => {
    temp = openTempSqlite('accord-live-redis-');
    admin = new Redis(testRedisUrl());
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    admin.disconnect();
    await temp.close();
  });

  async function openBus(options: RedisLiveBusOptions = {}): Promise<RedisLiveBus> {
    const bus = await RedisLiveBus.open(testRedisUrl(), { channel, logger: quiet, ...options });
    cleanup.push(() => bus.close());
    return bus;
  }

  async function startHub(bus: RedisLiveBus): Promise<LiveHub> {
    const hub = new LiveHub(temp.store, bus, { logger: quiet });
    await hub.start();
    cleanup.push(() => hub.stop());
    return hub;
  }

  async function startPublisher(bus: RedisLiveBus): Promise<void> {
    const publisher = new LivePublisher(temp.store, bus, async () => undefined, { logger: quiet, heartbeatMs: 60_000 });
    await publisher.start();
    cleanup.push(() => publisher.stop());
  }

  const subscribers = async () => ((await admin.pubsub('NUMSUB', channel)) as [string, number])[1];

  it('carries every event to two hubs on their own connections, in order', async () => {
    const first = await openBus({ connectionName: `accord-test-${randomUUID()}` });
    const second = await openBus({ connectionName: `accord-test-${randomUUID()}` });
    const [hubA, hubB] = [await startHub(first), await startHub(second)];
    await startPublisher(first);
    const feeds = [take(hubA.subscribe({ after: 0 }), 60), take(hubB.subscribe({ after: 0 }), 60)];

    for (let i = 0; i < 20; i++) await appendTicks(temp.store, 3);

    expect(await within(10_000, Promise.all(feeds))).toEqual([range(0, 60), range(0, 60)]);
  });

  it('recovers when its subscriber connection is killed, and reads what it missed from the store', async () => {
    const name = `accord-test-${randomUUID()}`;
    const first = await openBus();
    // Reconnects only after 300 ms, so the message published right after the kill is surely lost to it.
    const second = await openBus({ connectionName: name, redis: { retryStrategy: () => 300 } });
    const heard: number[] = [];
    second.subscribe((message: LiveMessage) => heard.push(...message.events.map((e) => e.position)));
    const [hubA, hubB] = [await startHub(first), await startHub(second)];
    await startPublisher(first);
    const feeds = [take(hubA.subscribe({ after: 0 }), 9), take(hubB.subscribe({ after: 0 }), 9)];

    await appendTicks(temp.store, 3);
    await until(() => hubB.position === 3);
    const clients = (await admin.client('LIST')) as string;
    const id = /(?:^|\n)id=(\d+) .*name=([^ ]+)/g;
    const killed = [...clients.matchAll(id)].filter(([, , n]) => n === `${name}:sub`).map(([, clientId]) => clientId);
    expect(killed).toHaveLength(1);
    await admin.client('KILL', 'ID', killed[0]);

    await appendTicks(temp.store, 3);
    await until(() => hubA.position === 6);
    await until(async () => (await subscribers()) === 2);
    await appendTicks(temp.store, 3);

    expect(await within(10_000, Promise.all(feeds))).toEqual([range(0, 9), range(0, 9)]);
    expect(heard).toEqual([1, 2, 3, 7, 8, 9]);
  });

  it('ignores a message that is not a live message', async () => {
    const warnings: string[] = [];
    const bus = await openBus({ logger: { ...quiet, warn: (m) => warnings.push(m) } });
    const heard: LiveMessage[] = [];
    bus.subscribe((message) => heard.push(message));

    await admin.publish(channel, 'not json');
    await bus.publish({ after: 4, events: [] });

    await until(() => heard.length === 1);
    expect(heard).toEqual([{ after: 4, events: [] }]);
    expect(warnings).toEqual([expect.stringContaining(`ignored a message on ${channel}`)]);
  });
});

describe('RedisLiveBus.open', () => {
  it('gives up when Redis cannot be reached in time, naming the address without its password', async () => {
    await expect(
      RedisLiveBus.open('redis://:secret@127.0.0.1:1', { connectTimeoutMs: 300, logger: quiet, redis: { retryStrategy: () => 50 } }),
    ).rejects.toThrow('Redis at redis://***@127.0.0.1:1 not reachable within 300 ms');
  });
});
