import type { ReadTx } from './types';

/** Checkpoints live beside the read models and are written in the same transaction as them. */
export const CHECKPOINTS_SCHEMA =
  'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)';

export async function readCheckpoint(tx: ReadTx, name: string): Promise<number> {
  await tx.run('INSERT INTO projection_checkpoints (name, position) VALUES (?, 0) ON CONFLICT (name) DO NOTHING', [name]);
  const row = await tx.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', [name]);
  return Number(row?.position ?? 0);
}

export async function writeCheckpoint(tx: ReadTx, name: string, position: number): Promise<void> {
  await tx.run('UPDATE projection_checkpoints SET position = ? WHERE name = ?', [position, name]);
}
