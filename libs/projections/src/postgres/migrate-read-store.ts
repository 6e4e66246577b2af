import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import { parsePgUrl } from '@accord/event-store/postgres/pg-pool';

/**
 * The read store's migrations, `<number>_<name>.ts`. The build compiles them to `.js` in the same place
 * under dist/, so a deployment carries them with no copy step; each is recorded by its name alone.
 */
export const READ_STORE_MIGRATIONS_DIR = join(__dirname, '../../migrations');

/** The table, in the read store's schema, where node-pg-migrate records the migrations applied. */
export const READ_STORE_MIGRATIONS_TABLE = 'read_store_migrations';

export interface MigrateReadStoreOptions {
  /** Progress messages (default: none). */
  log?: (message: string) => void;
  /** The variable the URL came from, for error messages (default `ACCORD_READ_STORE`). */
  variable?: string;
}

/**
 * Applies the read store's pending migrations to the schema `url` names (created if missing), all in one
 * transaction, and returns the names of those it applied. Concurrent starts are safe: each waits for the
 * others on node-pg-migrate's advisory lock, taken per schema, then finds nothing left to do.
 */
export async function migrateReadStore(url: string, options: MigrateReadStoreOptions = {}): Promise<string[]> {
  const { connectionString, schema } = parsePgUrl(url, options.variable ?? 'ACCORD_READ_STORE');
  const log = options.log ?? (() => undefined);
  const applied = await runner({
    databaseUrl: connectionString,
    dir: READ_STORE_MIGRATIONS_DIR,
    ignorePattern: String.raw`(?!\d+_[^.]+\.(ts|js)$).*`,
    migrationLoaderStrategies: [{ extensions: ['.ts', '.js'], loader: load }],
    migrationsTable: READ_STORE_MIGRATIONS_TABLE,
    schema,
    createSchema: true,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    lockValue: lockFor(schema),
    logger: { debug: log, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}

/**
 * Loads migrations with Node's own `require` (jest's, under jest) instead of node-pg-migrate's jiti, so
 * the `.ts` sources run in tests and the compiled `.js` in production alike.
 */
async function load(paths: string[]) {
  return paths.map((path) => ({ id: path, filePaths: [path], actions: require(path) }));
}

/** One lock per schema: read stores in different schemas of one database migrate independently. */
function lockFor(schema: string): number {
  return createHash('sha256').update(`accord read store ${schema}`).digest().readUIntBE(0, 6);
}
