import type { MigrationBuilder } from 'node-pg-migrate';

/** The lease that lets only one projector process apply projections (libs/projections/src/lease/projector-lease.ts). */
export function up(pgm: MigrationBuilder): void {
  pgm.sql('CREATE TABLE projector_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at BIGINT NOT NULL)');
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE projector_lease');
}
