import Database from 'better-sqlite3';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
// Every projection the API runs: a projection added there is checked here without touching this spec.
import { PROJECTION_CLASSES } from '../../../../apps/api/src/store/projection-classes';
import { CHECKPOINTS_SCHEMA } from '../checkpoints';
import { LEASE_SCHEMA } from '../lease/projector-lease';
import { POISON_SCHEMA } from '../poison';
import { REBUILDS_SCHEMA } from '../rebuild-markers';
// Not a projection's, but in the read store on both databases: the idempotency keys of mutations.
import { IDEMPOTENCY_KEYS_SCHEMA } from '../../../platform/src/idempotency/idempotency-store';
import type { ReadTx } from '../types';
import { READ_STORE_MIGRATIONS_TABLE, migrateReadStore } from './migrate-read-store';
import { PostgresReadStore } from './postgres-read-store';

/**
 * A table as both databases can describe it. Types are the kinds the projections use (SQLite's REAL is an
 * 8-byte float); a type outside them keeps its own name, so it never matches.
 */
interface TableShape {
  columns: { name: string; type: string; notNull: boolean; default: string | null }[];
  primaryKey: string[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
}

const SQLITE_TYPES: Record<string, string> = { INTEGER: 'integer', TEXT: 'text', REAL: 'float8' };
const PG_TYPES: Record<string, string> = { smallint: 'integer', integer: 'integer', bigint: 'integer', text: 'text', 'double precision': 'float8' };

/** The tables a projection's start-up DDL creates on SQLite. */
function sqliteTables(ddl: readonly string[]): Map<string, TableShape> {
  const db = new Database(':memory:');
  try {
    for (const statement of ddl) db.exec(statement);
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return new Map(
      names.map((table) => {
        const info = db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
        const indexes = (db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[])
          .filter((index) => index.origin === 'c')
          .map((index) => ({
            name: index.name,
            columns: (db.pragma(`index_info(${index.name})`) as { name: string }[]).map((c) => c.name),
            unique: index.unique === 1,
          }));
        return [
          table,
          {
            columns: info.map((c) => ({ name: c.name, type: SQLITE_TYPES[c.type] ?? `sqlite ${c.type}`, notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value })),
            primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
            indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
          },
        ];
      }),
    );
  } finally {
    db.close();
  }
}

/** The tables the migrations created in the read store's schema. */
async function pgTables(tx: ReadTx): Promise<Map<string, TableShape>> {
  const columns = await tx.all<{ table: string; name: string; type: string; nullable: string; default: string | null }>(
    `SELECT table_name AS "table", column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS "default"
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const indexes = await tx.all<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique", x.indisprimary AS "primary",
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index x
       JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema()
      GROUP BY t.relname, i.relname, x.indisunique, x.indisprimary ORDER BY i.relname`,
  );
  const tables = new Map<string, TableShape>();
  for (const c of columns) {
    const table = tables.get(c.table) ?? { columns: [], primaryKey: [], indexes: [] };
    tables.set(c.table, table);
    table.columns.push({ name: c.name, type: PG_TYPES[c.type] ?? `postgres ${c.type}`, notNull: c.nullable === 'NO', default: c.default?.replace(/::text$/, '') ?? null });
  }
  for (const index of indexes) {
    const table = tables.get(index.table)!;
    if (index.primary) table.primaryKey = index.columns;
    else table.indexes.push({ name: index.name, columns: index.columns, unique: index.unique });
  }
  return tables;
}

const declared = [
  ...PROJECTION_CLASSES.map((Projection) => new Projection()).map((p) => ({ name: `the ${p.name} projection`, schema: p.schema, tables: p.tables })),
  { name: 'the checkpoint table', schema: [CHECKPOINTS_SCHEMA], tables: [] as readonly string[] },
  { name: 'the projector lease', schema: [LEASE_SCHEMA], tables: [] as readonly string[] },
  { name: 'the poison event table', schema: [POISON_SCHEMA], tables: [] as readonly string[] },
  { name: 'the rebuild marker table', schema: [REBUILDS_SCHEMA], tables: [] as readonly string[] },
  { name: 'the idempotency keys table', schema: IDEMPOTENCY_KEYS_SCHEMA, tables: [] as readonly string[] },
].map((d) => ({ ...d, sqlite: sqliteTables(d.schema) }));

describeWithPostgres('the migrated PostgreSQL read store', () => {
  const url = freshPgUrl();
  let migrated: Map<string, TableShape>;

  beforeAll(async () => {
    await migrateReadStore(url);
    const readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
    try {
      migrated = await readStore.read(pgTables);
    } finally {
      await readStore.close();
    }
  });
  afterAll(() => dropPgSchema(url));

  it.each(declared.map((d) => [d.name, d] as const))('has the tables, columns, keys and indexes that %s declares on SQLite', (_, d) => {
    expect(d.sqlite.size).toBeGreaterThan(0);
    for (const table of d.tables) expect(d.sqlite.has(table)).toBe(true);
    for (const [table, shape] of d.sqlite) expect({ table, ...migrated.get(table) }).toEqual({ table, ...shape });
  });

  it('has no read-model table that no projection declares', () => {
    const names = new Set(declared.flatMap((d) => [...d.sqlite.keys()]));
    expect([...migrated.keys()].filter((table) => !names.has(table) && table !== READ_STORE_MIGRATIONS_TABLE)).toEqual([]);
  });
});
