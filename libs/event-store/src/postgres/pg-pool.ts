import { Pool, types, type PoolClient, type PoolConfig } from 'pg';
import { EventStoreConfigError } from '../errors';

/**
 * What a `postgres://` URL of Accord's names. Besides the usual parts it takes `schema=<name>`
 * (default `public`): Accord's tables live there, and it is created if missing. Tests use it to
 * give every run a fresh schema; a deployment can use it to keep Accord beside other data.
 */
export interface PgLocation {
  /** The URL without Accord's own parameters, as `pg` understands it. */
  connectionString: string;
  schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Parses a `postgres://` URL; throws {@link EventStoreConfigError} naming `variable`. */
export function parsePgUrl(url: string, variable: string): PgLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EventStoreConfigError(variable, `${variable}: "${url}" is not a URL (postgres://user@host:5432/database)`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new EventStoreConfigError(variable, `${variable}: expected postgres://…`);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new EventStoreConfigError(variable, `${variable}: schema "${schema}" must be a lower-case SQL identifier (letters, digits, _)`);
  }
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/** Parses int8 (bigint: positions, counts) as a JS number; safe below 2^53, far beyond any log here. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 && format !== 'binary' ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

export interface PgPoolOptions {
  /** The variable the URL came from, for error messages. */
  variable: string;
  /** Shown in pg_stat_activity, so an operator can tell Accord's sessions apart. */
  applicationName: string;
  max?: number;
  /** Extra settings per session (`SET name = value` on connect), e.g. `lock_timeout`. */
  settings?: Record<string, string>;
}

/**
 * A pool whose every session works in the URL's schema (created once here) with int8 parsed as a
 * number. Errors reaching the pool from idle clients are logged instead of crashing the process.
 */
export async function openPgPool(url: string, options: PgPoolOptions): Promise<{ pool: Pool; schema: string }> {
  const { connectionString, schema } = parsePgUrl(url, options.variable);
  const config: PoolConfig = {
    connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    types: pgTypes,
    connectionTimeoutMillis: 10_000,
  };
  const settings = { search_path: `"${schema}"`, ...options.settings };
  config.options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value.replace(/([\\ ])/g, '\\$1')}`)
    .join(' ');
  const pool = new Pool(config);
  pool.on('error', (error) => console.error(`PostgreSQL (${options.applicationName}): idle connection failed: ${error.message}`));
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((error: { code?: string }) => {
      // Two processes creating it at the same moment: one wins, the other's IF NOT EXISTS can still collide.
      if (error.code !== '23505' && error.code !== '42P06') throw error;
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new EventStoreConfigError(options.variable, `${options.variable}: cannot use PostgreSQL at ${redact(connectionString)} (${(error as Error).message})`);
  }
  return { pool, schema };
}

/** Runs `fn` inside BEGIN … COMMIT on one pooled client; rolls back on any error. */
export async function inPgTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself failed: do not hand it out again
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The URL with its password masked, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
