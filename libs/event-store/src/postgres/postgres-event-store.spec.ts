import type { PostgresEventStore } from './postgres-event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { events, freshStream } from '../testing/fixtures';
import { postgresHarness } from '../testing/postgres-harness';
import { describeWithPostgres } from '../testing/services';

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
});
