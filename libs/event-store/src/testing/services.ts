
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

export { dropPgSchema, freshPgUrl, testPgUrl, testRedisUrl } from './test-databases';
