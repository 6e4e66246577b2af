import { Client, type PoolClient } from 'pg';
import { ExpectedVersionConflictError } from '../errors';
import { PG_GROUP_WRITE_SLOTS, PostgresEventStore } from './postgres-event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { collect, events, freshStream } from '../testing/fixtures';
import { postgresHarness } from '../testing/postgres-harness';
import { describeWithPostgres, dropPgSchema, freshPgUrl, testPgUrl } from '../testing/services';

describeWithPostgres('PostgreSQL event store', () => {
  describeEventStoreContract('postgresql', postgresHarness());

  describe('the events table', () => {
    const harness = postgresHarness();
    let store: PostgresEventStore;
    beforeAll(async () => {
      store = (await harness.open()) as PostgresEventStore;
      await store.append(freshStream(), events(3), { expectedRevision: 'no_stream' });
    });
    afterAll(async () => {
      await store.close();
      await harness.cleanup!();
    });

    it.each([
      ['UPDATE', "UPDATE events SET data = '{}' WHERE position = 2"],
      ['DELETE', 'DELETE FROM events WHERE position = 2'],
      ['TRUNCATE', 'TRUNCATE events'],
    ])('refuses %s, even to the owner, and leaves the log as it was', async (operation, sql) => {
      await expect(store.pool.query(sql)).rejects.toThrow(`events are immutable: ${operation} refused`);
      const { rows } = await store.pool.query<{ count: number }>('SELECT count(*) AS count FROM events');
      expect(rows[0].count).toBe(3);
    });

    it('keeps positions gapless when an append is refused or rolled back', async () => {
      const stream = freshStream();
      await store.append(stream, events(2), { expectedRevision: 'no_stream' });
      await expect(store.append(stream, events(2), { expectedRevision: 'no_stream' })).rejects.toThrow('expected revision');
      const client = await store.pool.connect();
      try {
        await client.query('BEGIN');
        await store.appendWithin(client, stream, events(4), { expectedRevision: 1 });
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      const last = await store.append(stream, events(1), { expectedRevision: 1 });
      expect(last.position).toBe(6);
      expect(await store.headPosition()).toBe(6);
    });
  });
  describe('appends that read the same tip before either writes', () => {
    const watched = storeWatchedAtTheHeadLock('race');
    let store: PostgresEventStore;
    beforeAll(() => {
      store = watched.store;
    });

    it('the later one gets a conflict naming the actual revision, and the log keeps no gap', async () => {
      const stream = freshStream();
      await store.append(stream, events(1), { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      // Holding the head lock lets both appends read the tip (revision 0) and queue for the lock.
      const holder = await store.pool.connect();
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT position FROM event_log_head FOR UPDATE');
        const racing = [store.append(stream, events(2), { expectedRevision: 0 }), store.append(stream, events(3), { expectedRevision: 0 })];
        await watched.queuedForTheHeadLock(2);
        await holder.query('ROLLBACK');
        outcomes = await Promise.allSettled(racing);
      } finally {
        holder.release();
      }
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect([won.length, lost.length]).toEqual([1, 1]);
      const written = await collect(store.readStream(stream));
      expect(lost[0].reason).toBeInstanceOf(ExpectedVersionConflictError);
      expect(lost[0].reason).toMatchObject({ expected: 0, actual: written.length - 1 });
      expect(await store.headPosition()).toBe(head + written.length - 1);
      const { rows } = await store.pool.query<{ n: number; last: number }>('SELECT count(*) AS n, max(position) AS last FROM events');
      expect(rows[0]).toEqual({ n: head + written.length - 1, last: head + written.length - 1 });
    });
  });
  describe('appends of one store that arrive while its writes wait for the head lock', () => {
    const watched = storeWatchedAtTheHeadLock('group');
    let store: PostgresEventStore;
    beforeAll(() => {
      store = watched.store;
    });

    /** Holds the head lock in a transaction (after `before` runs in it) until the writes that may be under way queue behind it; then the rest are started, and everything commits. */
    async function queuedBehindTheLock(before: (holder: PoolClient) => Promise<unknown>, rest: () => Array<Promise<unknown>>) {
      const holder = await store.pool.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT position FROM event_log_head FOR UPDATE');
        await before(holder);
        const first = Array.from({ length: PG_GROUP_WRITE_SLOTS }, () => store.append(freshStream(), events(1), { expectedRevision: 'no_stream' }));
        await watched.queuedForTheHeadLock(PG_GROUP_WRITE_SLOTS);
        const later = rest();
        await new Promise((resolve) => setTimeout(resolve, 50)); // their tips read, they wait in the store
        await holder.query('COMMIT');
        return { first: await Promise.allSettled(first), later: await Promise.allSettled(later) };
      } finally {
        holder.release();
      }
    }

    const transactionsOf = async (streams: string[]) =>
      Number((await store.pool.query(`SELECT count(DISTINCT xmin::text) AS n FROM events WHERE stream = ANY($1::text[])`, [streams])).rows[0].n);

    it('share one transaction, each with its own contiguous positions, the log gapless', async () => {
      const streams = Array.from({ length: 10 }, () => freshStream());
      const { first, later } = await queuedBehindTheLock(async () => undefined, () => streams.map((s, i) => store.append(s, events(i + 1), { expectedRevision: 'no_stream' })));
      expect([...first, ...later].every((o) => o.status === 'fulfilled')).toBe(true);
      expect(await transactionsOf(streams)).toBe(1);
      for (const [i, stream] of streams.entries()) {
        const read = await collect(store.readStream(stream));
        const result = (later[i] as PromiseFulfilledResult<{ position: number }>).value;
        expect(read.map((e) => e.position)).toEqual(Array.from({ length: i + 1 }, (_, k) => result.position - i + k));
      }
      await expectGaplessLog(store);
    });

    it('one of them whose stream moved meanwhile fails alone with a conflict; the others are written', async () => {
      const moved = freshStream();
      const streams = Array.from({ length: 6 }, () => freshStream());
      const { later } = await queuedBehindTheLock(
        (holder) => store.appendWithin(holder, moved, events(2), { expectedRevision: 'no_stream' }),
        () => [...streams.slice(0, 3), moved, ...streams.slice(3)].map((s) => store.append(s, events(2), { expectedRevision: 'no_stream' })),
      );
      expect(later.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect((later[3] as PromiseRejectedResult).reason).toMatchObject({ name: 'ExpectedVersionConflictError', expected: 'no_stream', actual: 1 });
      for (const stream of streams) expect(await collect(store.readStream(stream))).toHaveLength(2);
      expect(await collect(store.readStream(moved))).toHaveLength(2);
      await expectGaplessLog(store);
    });

    it('one of them whose data PostgreSQL refuses (a NUL byte in its stream name) fails alone; the others are written', async () => {
      const streams = Array.from({ length: 4 }, () => freshStream());
      const refused = `${freshStream()}\u0000`;
      const { later } = await queuedBehindTheLock(
        (holder) => store.appendWithin(holder, freshStream(), events(1), { expectedRevision: 'no_stream' }),
        () => [...streams.slice(0, 2), refused, ...streams.slice(2)].map((s) => store.append(s, events(2), { expectedRevision: 'no_stream' })),
      );
      expect(later.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((later[2] as PromiseRejectedResult).reason).toMatchObject({ code: '22021' });
      for (const stream of streams) expect(await collect(store.readStream(stream))).toHaveLength(2);
      await expectGaplessLog(store);
    });
  });
});

/**
 * A store in a fresh schema whose connections carry their own application name, so a second client
 * can count how many of its statements wait for a lock (the head lock, in these tests).
 */
function storeWatchedAtTheHeadLock(label: string) {
  const applicationName = `accord-${label}-${process.pid}-${Date.now()}`;
  const url = freshPgUrl();
  const watched = { store: undefined as unknown as PostgresEventStore, control: undefined as unknown as Client };
  beforeAll(async () => {
    watched.store = await PostgresEventStore.open(url, { applicationName });
    watched.control = new Client({ connectionString: testPgUrl() });
    await watched.control.connect();
  });
  afterAll(async () => {
    await watched.store.close();
    await watched.control.end();
    await dropPgSchema(url);
  });
  return {
    get store() {
      return watched.store;
    },
    /** Resolves once `count` of the store's statements wait for a lock. */
    async queuedForTheHeadLock(count: number): Promise<void> {
      for (let tries = 0; ; tries++) {
        const { rows } = await watched.control.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [applicationName]);
        if (Number(rows[0].n) >= count) return;
        if (tries > 500) throw new Error(`${count} appends never queued for the head lock`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** Every position from 1 to the head holds exactly one event. */
async function expectGaplessLog(store: PostgresEventStore): Promise<void> {
  const { rows } = await store.pool.query<{ n: number; last: number }>('SELECT count(*) AS n, max(position) AS last FROM events');
  const head = await store.headPosition();
  expect(rows[0]).toEqual({ n: head, last: head });
}
