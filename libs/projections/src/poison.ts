import type { RecordedEvent } from '@accord/event-store';
import type { ReadTx } from './types';

/**
 * Events a projection's handler kept failing on, passed over so the projection goes on; on PostgreSQL
 * the table comes from migration 0003. A rebuild of the projection deletes its rows (and records again
 * those that still fail).
 */
export const POISON_SCHEMA = `CREATE TABLE IF NOT EXISTS projection_poison (
  projection TEXT NOT NULL, position INTEGER NOT NULL, event_id TEXT NOT NULL, stream TEXT NOT NULL,
  revision INTEGER NOT NULL, type TEXT NOT NULL, error TEXT NOT NULL, attempts INTEGER NOT NULL,
  recorded_at TEXT NOT NULL, PRIMARY KEY (projection, position))`;

/** An event a projection passed over after its handler failed `attempts` times. */
export interface PoisonEvent {
  projection: string;
  position: number;
  eventId: string;
  stream: string;
  revision: number;
  type: string;
  /** The handler's last error message (at most {@link MAX_POISON_MESSAGE} characters). */
  error: string;
  attempts: number;
  recordedAt: string;
}

/** Error messages are kept short: they are shown on /health and in `accord status`. */
export const MAX_POISON_MESSAGE = 500;

export function poisonOf(projection: string, event: RecordedEvent, failure: { message: string; attempts: number }, recordedAt: string): PoisonEvent {
  return {
    projection,
    position: event.position,
    eventId: event.id,
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    error: failure.message.length > MAX_POISON_MESSAGE ? `${failure.message.slice(0, MAX_POISON_MESSAGE - 1)}…` : failure.message,
    attempts: failure.attempts,
    recordedAt,
  };
}

export async function recordPoison(tx: ReadTx, poison: PoisonEvent): Promise<void> {
  await tx.run(
    `INSERT INTO projection_poison (projection, position, event_id, stream, revision, type, error, attempts, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (projection, position) DO UPDATE SET error = excluded.error, attempts = excluded.attempts, recorded_at = excluded.recorded_at`,
    [poison.projection, poison.position, poison.eventId, poison.stream, poison.revision, poison.type, poison.error, poison.attempts, poison.recordedAt],
  );
}

/** The poison events of one projection, or of all, in log order. */
export async function readPoison(tx: ReadTx, projection?: string): Promise<PoisonEvent[]> {
  const columns = `projection, position, event_id AS "eventId", stream, revision, type, error, attempts, recorded_at AS "recordedAt"`;
  const rows =
    projection === undefined
      ? await tx.all<PoisonEvent>(`SELECT ${columns} FROM projection_poison ORDER BY position, projection`)
      : await tx.all<PoisonEvent>(`SELECT ${columns} FROM projection_poison WHERE projection = ? ORDER BY position`, [projection]);
  return rows.map((row) => ({ ...row, position: Number(row.position), revision: Number(row.revision), attempts: Number(row.attempts) }));
}

export async function clearPoison(tx: ReadTx, projection: string): Promise<void> {
  await tx.run('DELETE FROM projection_poison WHERE projection = ?', [projection]);
}

/** One line for logs, /health and the CLI. */
export function describePoison(poison: PoisonEvent): string {
  return `projection ${poison.projection} passed over event ${poison.eventId} at position ${poison.position} (${poison.type}, ${poison.stream}@${poison.revision}) after ${poison.attempts} failed attempts: ${poison.error}`;
}
