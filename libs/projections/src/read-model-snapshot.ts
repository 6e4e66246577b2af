import type { Projection, ReadStore } from './types';

/** Every row of every table, keyed by table, in a fixed order: what "identical, row for row" compares. */
export type ReadModelSnapshot = Record<string, Array<Record<string, unknown>>>;

/**
 * The rows of the projections' tables (all of them by default), each table sorted by all its columns
 * so two stores that hold the same rows give equal snapshots whatever order they were written in.
 * Compare snapshots of the same kind of store (PostgreSQL returns bigint columns as strings);
 * booleans become 0/1 and dates ISO strings.
 */
export async function snapshotReadModels(readStore: ReadStore, projections: readonly Projection[]): Promise<ReadModelSnapshot> {
  const tables = [...new Set(projections.flatMap((projection) => projection.tables))].sort();
  return readStore.read(async (tx) => {
    const snapshot: ReadModelSnapshot = {};
    for (const table of tables) {
      const rows = await tx.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
      snapshot[table] = rows.map(normaliseRow).sort(compareRows);
    }
    return snapshot;
  });
}

/** The first differences between two snapshots, as readable lines (empty when they are equal). */
export function diffSnapshots(expected: ReadModelSnapshot, actual: ReadModelSnapshot, max = 10): string[] {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = (expected[table] ?? []).map((row) => JSON.stringify(row));
    const got = (actual[table] ?? []).map((row) => JSON.stringify(row));
    const gotSet = new Set(got);
    const wantSet = new Set(want);
    for (const row of want) if (!gotSet.has(row) && problems.length < max) problems.push(`${table}: missing ${row}`);
    for (const row of got) if (!wantSet.has(row) && problems.length < max) problems.push(`${table}: unexpected ${row}`);
    if (want.length !== got.length && problems.length < max) problems.push(`${table}: ${got.length} rows, expected ${want.length}`);
  }
  return problems;
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) out[key] = normaliseValue(row[key]);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

function compareRows(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
