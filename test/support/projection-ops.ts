import Database from 'better-sqlite3';
import type { INestApplication } from '@nestjs/common';
import { openEventStore } from '@accord/event-store';
import { diffSnapshots, PostgresReadStore, projectFresh, snapshotReadModels, type ReadModelSnapshot } from '@accord/projections';
import type { Clock } from '@accord/platform';
import { loadConfig, RATE_LIMITS_OFF, type Environment } from '../../apps/api/src/config/load-config';
import { createApp } from '../../apps/api/src/create-app';
import { openReadStore } from '../../apps/api/src/store/open-read-store';
import { PROJECTION_CLASSES } from '../../apps/api/src/store/projection-classes';
import { listen } from '../../apps/api/src/startup/listen';
import type { ApiServer } from './api-server';

/** The real API on the stores `env` names, on a free port; `stop` leaves the stores as they are (to run the CLI on them, then start again). */
export async function startServerOn(env: Environment, clock?: Clock): Promise<ApiServer & { stop(): Promise<void> }> {
  const app: INestApplication = await createApp(loadConfig({ ...RATE_LIMITS_OFF, ...env, PORT: '0' }), { logger: ['error'], clock });
  const port = await listen(app, 0);
  const stop = () => app.close();
  return {
    app,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    dataFile: env.ACCORD_EVENT_STORE?.replace(/^sqlite:/, '') ?? '',
    restart: () => Promise.reject(new Error('use stop() and startServerOn() again')),
    close: stop,
    stop,
  };
}

/** Every read model of the stores `env` names, row for row, and the same projected afresh from their log. */
export async function readModelsOf(env: Environment): Promise<{ stored: ReadModelSnapshot; fresh: ReadModelSnapshot }> {
  const config = loadConfig(env);
  const store = await openEventStore(config.eventStore.url, { synchronous: config.eventStore.synchronous, variable: 'ACCORD_EVENT_STORE' });
  try {
    const readStore = await openReadStore(config, store);
    const projections = PROJECTION_CLASSES.map((Class) => new Class());
    try {
      const stored = await snapshotReadModels(readStore, projections);
      const reference = await projectFresh(store, projections);
      try {
        return { stored, fresh: await snapshotReadModels(reference, projections) };
      } finally {
        await reference.close();
      }
    } finally {
      await readStore.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * Rows of `sql` in the read store `env` names, read beside whoever writes it (a rebuild, a server):
 * SQLite through a read-only connection, which never waits for a writer.
 */
export async function queryReadStore<Row>(env: Environment, sql: string): Promise<Row[]> {
  const config = loadConfig(env);
  if (config.readStore.kind === 'postgres') {
    const readStore = await PostgresReadStore.open(config.readStore.url, { variable: 'ACCORD_READ_STORE' });
    try {
      return await readStore.read((tx) => tx.all<Row>(sql));
    } finally {
      await readStore.close();
    }
  }
  const { location } = config.eventStore;
  if (location.kind !== 'sqlite') throw new Error('read models in the event store need a sqlite: event store');
  const db = new Database(location.path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
}

export { diffSnapshots };
