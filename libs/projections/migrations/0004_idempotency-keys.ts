import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The idempotency keys of mutations (libs/platform/src/idempotency/idempotency-store.ts): not a read
 * model, so no rebuild empties it. Times are epoch milliseconds.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, owner TEXT NOT NULL, response TEXT,
  created_at BIGINT NOT NULL, heartbeat_at BIGINT NOT NULL, completed_at BIGINT);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE idempotency_keys');
}
