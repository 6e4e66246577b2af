import { Logger } from '@nestjs/common';
import { ConfigError, openEventStore, type EventStore } from '@accord/event-store';
import type { Projection, ReadStore } from '@accord/projections';
import type { AccordConfig } from '../../api/src/config/accord-config';
import { loadConfig, type Environment } from '../../api/src/config/load-config';
import { openReadStore } from '../../api/src/store/open-read-store';
import { PROJECTION_CLASSES } from '../../api/src/store/projection-classes';
import { CliError, EXIT } from './exit-codes';

export interface CliStores {
  config: AccordConfig;
  store: EventStore;
  readStore: ReadStore;
}

/**
 * The stores the server would open with the same variables (ACCORD_EVENT_STORE, ACCORD_READ_STORE,
 * ACCORD_SQLITE_SYNCHRONOUS), handed to `work` and closed afterwards whatever happens. A bad
 * variable is a usage error (exit 2); a store that cannot be opened a failure (exit 3).
 */
export async function withStores<T>(env: Environment, work: (stores: CliStores) => Promise<T>): Promise<T> {
  const config = configFrom(env);
  quietNestLogs();
  let store: EventStore | undefined;
  let readStore: ReadStore | undefined;
  try {
    store = await openEventStore(config.eventStore.url, { synchronous: config.eventStore.synchronous, variable: 'ACCORD_EVENT_STORE' });
    readStore = await openReadStore(config, store);
  } catch (error) {
    await readStore?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    throw new CliError(error instanceof ConfigError ? EXIT.USAGE : EXIT.FAILED, `cannot open the stores: ${oneLine(error)}`);
  }
  try {
    return await work({ config, store, readStore });
  } finally {
    await readStore.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

/** Only the event store, for commands that never touch read models. */
export async function withEventStore<T>(env: Environment, work: (store: EventStore, config: AccordConfig) => Promise<T>): Promise<T> {
  const config = configFrom(env);
  let store: EventStore;
  try {
    store = await openEventStore(config.eventStore.url, { synchronous: config.eventStore.synchronous, variable: 'ACCORD_EVENT_STORE' });
  } catch (error) {
    throw new CliError(error instanceof ConfigError ? EXIT.USAGE : EXIT.FAILED, `cannot open the event store: ${oneLine(error)}`);
  }
  try {
    return await work(store, config);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** Fresh instances of every projection the server runs (they hold no state between events). */
export function allProjections(): Projection[] {
  return PROJECTION_CLASSES.map((Class) => new Class());
}

/**
 * Opening a PostgreSQL read store logs its migrations through Nest, whose console logger writes to
 * standard output: that would corrupt a command's output (`status --json`). Warnings and errors go to
 * standard error; progress chatter is dropped.
 */
function quietNestLogs(): void {
  const toStderr = (message: unknown) => process.stderr.write(`accord: ${String(message)}\n`);
  Logger.overrideLogger({ log: () => undefined, debug: () => undefined, verbose: () => undefined, warn: toStderr, error: toStderr, fatal: toStderr });
}

function configFrom(env: Environment): AccordConfig {
  try {
    return loadConfig(env, 'api');
  } catch (error) {
    throw new CliError(EXIT.USAGE, oneLine(error));
  }
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
