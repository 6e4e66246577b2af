import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parsePgUrl } from '@accord/event-store';

/** The stores a crash run's server works on. */
export interface CrashTarget {
  description: string;
  /** The server's store variables. */
  env: Record<string, string>;
  /** SQLite never skips a position; PostgreSQL may (a rolled-back sequence value). */
  gaplessPositions: boolean;
  /**
   * Store variables for inspecting the stores as the crash left them, with the server down. On SQLite
   * these name a byte copy of the file and its write-ahead log: opening the original would replay
   * and checkpoint the log, and the restarted server would no longer recover from the crash itself.
   */
  snapshot(): { env: Record<string, string>; discard(): void };
  dispose(): Promise<void>;
}

export async function crashTarget(kind: 'sqlite' | 'postgres', scratch: string): Promise<CrashTarget> {
  if (kind === 'postgres') {
    // One schema holds the log and the read models, as in a single-database deployment.
    const url = freshSchemaUrl('accord_crash');
    const env = { ACCORD_EVENT_STORE: url, ACCORD_READ_STORE: url };
    return {
      description: `PostgreSQL schema ${new URL(url).searchParams.get('schema')}`,
      env,
      gaplessPositions: false,
      snapshot: () => ({ env, discard: () => undefined }),
      dispose: () => dropSchema(url),
    };
  }
  const file = join(scratch, 'accord.db');
  let copies = 0;
  return {
    description: `SQLite ${file}`,
    env: { ACCORD_EVENT_STORE: `sqlite:${file}` },
    gaplessPositions: true,
    snapshot: () => {
      const dir = join(scratch, `inspect-${++copies}`);
      mkdirSync(dir);
      const copy = join(dir, 'accord.db');
      copyFileSync(file, copy);
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
      return { env: { ACCORD_EVENT_STORE: `sqlite:${copy}` }, discard: () => rmSync(dir, { recursive: true, force: true }) };
    },
    dispose: async () => undefined,
  };
}

/**
 * As freshPgUrl/dropPgSchema of libs/event-store/src/testing/services.ts, which cannot be loaded
 * outside jest (it defines suites at import): the soak runs as a plain node script.
 */
function freshSchemaUrl(prefix: string): string {
  const url = new URL(process.env.ACCORD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  url.searchParams.set('schema', `${prefix}_${randomBytes(5).toString('hex')}`);
  return url.toString();
}

async function dropSchema(url: string): Promise<void> {
  const { connectionString, schema } = parsePgUrl(url, 'ACCORD_EVENT_STORE');
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
