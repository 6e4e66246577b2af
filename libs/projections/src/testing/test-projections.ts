import { createHash } from 'node:crypto';
import type { Projection } from '../types';

/** One row per handled event, with no unique key, so a duplicate or a gap shows in the counts. */
export const ledgerProjection: Projection = {
  name: 'ledger',
  handles: ['ChildAppended', 'SomethingHappened', 'Other'],
  schema: ['CREATE TABLE IF NOT EXISTS ledger (position INTEGER NOT NULL, stream TEXT NOT NULL, type TEXT NOT NULL)'],
  tables: ['ledger'],
  async handle(event, tx) {
    await tx.run('INSERT INTO ledger (position, stream, type) VALUES (?, ?, ?)', [event.position, event.stream, event.type]);
  },
};

/** Per-stream summary whose digest depends on the order events were applied in. */
export const streamSummaryProjection: Projection = {
  name: 'stream-summary',
  handles: ['SomethingHappened', 'Other'],
  schema: [
    'CREATE TABLE IF NOT EXISTS stream_summary (stream TEXT PRIMARY KEY, events INTEGER NOT NULL, last_revision INTEGER NOT NULL, last_type TEXT NOT NULL, digest TEXT NOT NULL)',
  ],
  tables: ['stream_summary'],
  async handle(event, tx) {
    const row = await tx.get<{ digest: string }>('SELECT digest FROM stream_summary WHERE stream = ?', [event.stream]);
    const digest = createHash('sha256').update(`${row?.digest ?? ''}${event.id}`).digest('hex');
    await tx.run(
      `INSERT INTO stream_summary (stream, events, last_revision, last_type, digest) VALUES (?, 1, ?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET events = stream_summary.events + 1, last_revision = excluded.last_revision,
         last_type = excluded.last_type, digest = excluded.digest`,
      [event.stream, event.revision, event.type, digest],
    );
  },
};
