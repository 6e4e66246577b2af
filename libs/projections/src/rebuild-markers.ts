import type { ReadTx } from './types';

/**
 * One row per projection whose rebuild has started and not yet reached its target: written in the
 * transaction that empties the projection's tables, deleted in the one that applies the target
 * position. So a rebuild killed at any moment leaves a row, and the next run continues from the
 * checkpoint instead of starting again. On PostgreSQL the table comes from migration 0003.
 */
export const REBUILDS_SCHEMA =
  'CREATE TABLE IF NOT EXISTS projection_rebuilds (projection TEXT PRIMARY KEY, target INTEGER NOT NULL, started_at TEXT NOT NULL)';

export interface RebuildMarker {
  projection: string;
  /** The head of the log when the rebuild started: it is finished once the checkpoint reaches it. */
  target: number;
  startedAt: string;
}

export async function markRebuild(tx: ReadTx, marker: RebuildMarker): Promise<void> {
  await tx.run(
    `INSERT INTO projection_rebuilds (projection, target, started_at) VALUES (?, ?, ?)
     ON CONFLICT (projection) DO UPDATE SET target = excluded.target, started_at = excluded.started_at`,
    [marker.projection, marker.target, marker.startedAt],
  );
}

export async function readRebuildMarkers(tx: ReadTx): Promise<RebuildMarker[]> {
  const rows = await tx.all<RebuildMarker>('SELECT projection, target, started_at AS "startedAt" FROM projection_rebuilds ORDER BY projection');
  return rows.map((row) => ({ ...row, target: Number(row.target) }));
}

export async function clearRebuildMarker(tx: ReadTx, projection: string): Promise<void> {
  await tx.run('DELETE FROM projection_rebuilds WHERE projection = ?', [projection]);
}
