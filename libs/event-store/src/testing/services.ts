import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parsePgUrl } from '../postgres/pg-pool';

/**
 * Test access to the real PostgreSQL and Redis this machine (and CI) runs. jest's global setup
 * (libs/testing/src/global-setup.js) probes them once and fails the run under CI=true when one is
 * missing; elsewhere the suites below are skipped, and global setup says why.
 */
export const postgresUp = process.env.ACCORD_TEST_PG === 'up';
export const redisUp = process.env.ACCORD_TEST_REDIS === 'up';

/** `describe` when PostgreSQL is reachable, else `describe.skip`. */
export const describeWithPostgres: jest.Describe = postgresUp ? describe : describe.skip;
/** `describe` when Redis is reachable, else `describe.skip`. */
export const describeWithRedis: jest.Describe = redisUp ? describe : describe.skip;
/** `describe` when both are reachable. */
export const describeWithPostgresAndRedis: jest.Describe = postgresUp && redisUp ? describe : describe.skip;

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
