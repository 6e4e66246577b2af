import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Projection operations: the events a projection passed over as poison after its handler kept failing
 * (libs/projections/src/poison.ts), and the rebuilds started and not yet finished, which
 * `accord rebuild` resumes (libs/projections/src/rebuild-markers.ts).
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE projection_poison (
  projection TEXT NOT NULL, position BIGINT NOT NULL, event_id TEXT NOT NULL, stream TEXT NOT NULL,
  revision BIGINT NOT NULL, type TEXT NOT NULL, error TEXT NOT NULL, attempts INTEGER NOT NULL,
  recorded_at TEXT NOT NULL, PRIMARY KEY (projection, position));
CREATE TABLE projection_rebuilds (projection TEXT PRIMARY KEY, target BIGINT NOT NULL, started_at TEXT NOT NULL);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE projection_rebuilds, projection_poison');
}
