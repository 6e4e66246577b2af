import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parsePgUrl } from '../postgres/pg-pool';

// The test PostgreSQL and Redis, without jest: usable from plain node scripts (npm run soak) too.

export function testPgUrl(): string {
  return process.env.ACCORD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function testRedisUrl(): string {
  return process.env.ACCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** The test database's URL with a schema of its own (`schema=<prefix>_<random>`), not yet created. */
export function freshPgUrl(prefix = 'accord_test'): string {
  const url = new URL(testPgUrl());
  url.searchParams.set('schema', `${prefix}_${randomBytes(5).toString('hex')}`);
  return url.toString();
}

/** Drops the schema a {@link freshPgUrl} named, with everything in it. */
export async function dropPgSchema(url: string): Promise<void> {
  const { connectionString, schema } = parsePgUrl(url, 'test');
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
