import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, type RecordedEvent, type Subscription } from '@accord/event-store';
import { anEvent, events, freshStream } from '@accord/event-store/testing/fixtures';
import { describeWithPostgres, dropPgSchema, freshPgUrl, testPgUrl } from '@accord/event-store/testing/services';
import { ProjectionRunner } from './projection-runner';
import { openTempSqlite, type TempSqlite } from './testing/temp-sqlite';
import type { Projection } from './types';

/**
 * The PostgreSQL log must never let a reader pass over an event whose transaction commits late.
 * A projector (ProjectionRunner) and catch-up subscriptions read the real server while writers are
 * held back mid-append, delayed, rolled back, or left idle in their transaction.
 */

/** One ledger row per event: a duplicate or a gap shows in the counts. */
const ledger: Projection = {
  name: 'ledger',
  handles: ['SomethingHappened', 'HeldBack'],
  schema: ['CREATE TABLE IF NOT EXISTS ledger (position INTEGER NOT NULL, id TEXT NOT NULL)'],
  tables: ['ledger'],
  async handle(event, tx) {
    await tx.run('INSERT INTO ledger (position, id) VALUES (?, ?)', [event.position, event.id]);
  },
};

interface Reader {
  received: RecordedEvent[];
  subscription: Subscription;
  done: Promise<void>;
}

function startReader(store: PostgresEventStore): Reader {
  const subscription = store.subscribeToAll({ batchSize: 37 });
  const received: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return { received, subscription, done };
}

async function eventually(condition: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return Date.now() - started;
}

/** Positions 1..n, each once, in order: nothing skipped, repeated or reordered. */
function expectWholeLog(positions: number[], n: number): void {
  expect(positions.length).toBe(n);
  const firstWrong = positions.findIndex((p, i) => p !== i + 1);
  expect(firstWrong).toBe(-1);
}

describeWithPostgres('the PostgreSQL global log under late commits', () => {
  let url: string;
  let applicationName: string;
  let store: PostgresEventStore;
  let sqlite: TempSqlite;
  let runner: ProjectionRunner;
  let readers: Reader[];
  let control: Client;

  beforeEach(async () => {
    url = freshPgUrl('accord_gaps');
    // A name of its own, so the lock-wait counts below see this test's sessions only.
    applicationName = `accord-gaps-${randomInt(1e9)}`;
    store = await PostgresEventStore.open(url, { pollIntervalMs: 200, applicationName });
    sqlite = openTempSqlite('accord-gaps-');
    runner = new ProjectionRunner(store, sqlite.readStore, [ledger], { batchSize: 50, logger: { log() {}, warn() {}, error: (m) => console.error(m) } });
    await runner.start();
    readers = [startReader(store), startReader(store)];
    control = new Client({ connectionString: testPgUrl() });
    await control.connect();
  });

  afterEach(async () => {
    for (const reader of readers) reader.subscription.close();
    await runner.stop();
    await store.close();
    await sqlite.close();
    await control.end();
    await dropPgSchema(url);
  });

  const ledgerPositions = () => sqlite.readStore.read((tx) => tx.all<{ position: number }>('SELECT position FROM ledger ORDER BY rowid'));
  const caughtUp = async (head: number) => runner.status()[0].checkpoint >= head && readers.every((r) => r.received.length >= head);

  /** Store sessions waiting for an advisory lock (the held trigger) or for another transaction (the head row lock). */
  async function sessionsWaiting(on: 'advisory' | 'head'): Promise<number> {
    // The first writer behind the head row waits on its holder's transaction id, the next ones on the row (tuple).
    const { rows } = await control.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'
         AND wait_event ${on === 'advisory' ? "= 'advisory'" : "IN ('transactionid', 'tuple')"}`,
      [applicationName],
    );
    return Number(rows[0].n);
  }

  it('a writer held back in its INSERT while later writers queue: 200 times, the projector and every subscription deliver its event, in order, 0 missing', async () => {
    const key = randomInt(1, 2 ** 31);
    await store.pool.query(`
      CREATE FUNCTION hold_back() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'HeldBack' THEN PERFORM pg_advisory_xact_lock(${key}); END IF; RETURN NEW; END $$;
      CREATE TRIGGER hold_back BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION hold_back();`);
    const heldIds: string[] = [];
    let head = 0;
    for (let i = 0; i < 200; i++) {
      await control.query('SELECT pg_advisory_lock($1)', [key]);
      const held = anEvent('HeldBack');
      heldIds.push(held.id);
      const heldAppend = store.append(freshStream(), [held], { expectedRevision: 'any' });
      await eventually(async () => (await sessionsWaiting('advisory')) === 1, () => 'the held writer to block in its trigger');
      const later = [store.append(freshStream(), events(1), { expectedRevision: 'no_stream' }), store.append(freshStream(), events(2), { expectedRevision: 'no_stream' })];
      await eventually(async () => (await sessionsWaiting('head')) === 2, () => 'the later writers to queue behind it');
      // While it is held, nothing after it is visible, so no reader can move past its position.
      expect(await store.headPosition()).toBe(head);
      expect(runner.status()[0].checkpoint).toBe(head);
      await control.query('SELECT pg_advisory_unlock($1)', [key]);
      const [heldResult] = await Promise.all([heldAppend, ...later]);
      expect(heldResult.position).toBe(head + 1);
      head += 4;
      await eventually(() => caughtUp(head), () => `projector at ${runner.status()[0].checkpoint}, readers at ${readers.map((r) => r.received.length)} of ${head}`);
    }
    expectWholeLog((await ledgerPositions()).map((r) => r.position), 800);
    for (const reader of readers) {
      expectWholeLog(reader.received.map((e) => e.position), 800);
      const seen = new Set(reader.received.map((e) => e.id));
      expect(heldIds.filter((id) => !seen.has(id))).toEqual([]);
    }
  });

  it('the same held-back writer makes a reader skip its event on a table that takes positions from a sequence (the hazard the design avoids)', async () => {
    const key = randomInt(1, 2 ** 31);
    await store.pool.query(`
      CREATE TABLE naive_log (position BIGSERIAL PRIMARY KEY, type TEXT NOT NULL);
      CREATE FUNCTION naive_hold_back() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'HeldBack' THEN PERFORM pg_advisory_xact_lock(${key}); END IF; RETURN NEW; END $$;
      CREATE TRIGGER naive_hold_back BEFORE INSERT ON naive_log FOR EACH ROW EXECUTE FUNCTION naive_hold_back();`);
    let checkpoint = 0;
    const seen: number[] = [];
    const readOnce = async () => {
      const { rows } = await store.pool.query<{ position: number }>('SELECT position FROM naive_log WHERE position > $1 ORDER BY position', [checkpoint]);
      for (const { position } of rows) seen.push(position);
      checkpoint = rows.at(-1)?.position ?? checkpoint;
    };
    for (let i = 0; i < 20; i++) {
      await control.query('SELECT pg_advisory_lock($1)', [key]);
      const heldInsert = store.pool.query("INSERT INTO naive_log (type) VALUES ('HeldBack')");
      await eventually(async () => (await sessionsWaiting('advisory')) === 1, () => 'the held insert to block');
      await store.pool.query("INSERT INTO naive_log (type) VALUES ('Later')");
      await readOnce();
      await control.query('SELECT pg_advisory_unlock($1)', [key]);
      await heldInsert;
      await readOnce();
    }
    const { rows } = await store.pool.query<{ position: number }>('SELECT position FROM naive_log');
    expect(rows).toHaveLength(40);
    expect(40 - seen.length).toBe(20);
  });

  it('8 writers append 20,000 events with random commit delays and some rollbacks: projected and delivered exactly what committed, no duplicates, no gaps', async () => {
    const target = 20_000;
    const committed: string[] = [];
    let rolledBack = 0;
    const writer = async () => {
      const streams = Array.from({ length: 4 }, () => ({ name: freshStream('writer'), revision: -1 }));
      for (let turn = 0; committed.length < target; turn++) {
        const stream = streams[turn % streams.length];
        const batch = events(Math.min(randomInt(1, 21), target - committed.length) || 1);
        const client = await store.pool.connect();
        try {
          await client.query('BEGIN');
          const result = await store.appendWithin(client, stream.name, batch, { expectedRevision: stream.revision < 0 ? 'no_stream' : stream.revision });
          if (randomInt(3) > 0) await new Promise((r) => setTimeout(r, randomInt(3)));
          if (randomInt(10) === 0 || committed.length >= target) {
            await client.query('ROLLBACK');
            rolledBack++;
          } else {
            await client.query('COMMIT');
            stream.revision = result.nextExpectedRevision;
            committed.push(...batch.map((e) => e.id));
          }
        } finally {
          client.release();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const head = await store.headPosition();
    expect(head).toBe(committed.length);
    expect(committed.length).toBeGreaterThanOrEqual(target);
    expect(rolledBack).toBeGreaterThan(0);
    await eventually(() => caughtUp(head), () => `projector at ${runner.status()[0].checkpoint}, readers at ${readers.map((r) => r.received.length)} of ${head}`, 30_000);
    const projected = await sqlite.readStore.read((tx) => tx.all<{ position: number; id: string }>('SELECT position, id FROM ledger ORDER BY position'));
    expectWholeLog(projected.map((r) => r.position), head);
    expect(new Set(projected.map((r) => r.id))).toEqual(new Set(committed));
    for (const reader of readers) {
      expectWholeLog(reader.received.map((e) => e.position), head);
      expect(new Set(reader.received.map((e) => e.id))).toEqual(new Set(committed));
    }
  });

  it('an appending transaction left idle for 30 s delays projection, loses nothing, and projection resumes within 1 s after it commits', async () => {
    await store.append(freshStream(), events(5), { expectedRevision: 'no_stream' });
    await eventually(() => caughtUp(5), () => 'the first events to be projected');
    const idle = await store.pool.connect();
    let resumedInMs: number;
    try {
      await idle.query('BEGIN');
      await store.appendWithin(idle, freshStream(), events(2), { expectedRevision: 'no_stream' });
      const queued = [store.append(freshStream(), events(3), { expectedRevision: 'no_stream' }), store.append(freshStream(), events(1), { expectedRevision: 'no_stream' })];
      const idleUntil = Date.now() + 30_000;
      while (Date.now() < idleUntil) {
        await new Promise((r) => setTimeout(r, 1000));
        expect(runner.status()[0].checkpoint).toBe(5);
        for (const reader of readers) expect(reader.received).toHaveLength(5);
      }
      expect(await sessionsWaiting('head')).toBe(2);
      await idle.query('COMMIT');
      await Promise.all(queued);
      resumedInMs = await eventually(() => caughtUp(11), () => 'projection to resume', 5_000);
    } finally {
      idle.release();
    }
    expect(resumedInMs).toBeLessThan(1000);
    expectWholeLog((await ledgerPositions()).map((r) => r.position), 11);
    for (const reader of readers) expectWholeLog(reader.received.map((e) => e.position), 11);
  }, 60_000);

  it('an unrelated idle transaction holding a transaction id does not delay projection at all', async () => {
    await control.query('BEGIN');
    await control.query('CREATE TEMP TABLE busy (n INT)');
    await control.query('INSERT INTO busy VALUES (1)');
    try {
      for (let i = 1; i <= 20; i++) {
        await store.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
        const ms = await eventually(() => caughtUp(i), () => `event ${i} to be projected`);
        expect(ms).toBeLessThan(1000);
      }
    } finally {
      await control.query('ROLLBACK');
    }
    expectWholeLog((await ledgerPositions()).map((r) => r.position), 20);
  });
});
