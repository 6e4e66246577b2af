import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@accord/event-store';
import { migrateReadStore } from './postgres/migrate-read-store';
import { PostgresReadStore } from './postgres/postgres-read-store';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadStore } from './sqlite-read-store';
import { describeEachReadStore } from './testing/temp-read-store';
import { ledgerProjection } from './testing/test-projections';
import type { ReadStore } from './types';

const REGISTER = resolve(__dirname, '../../testing/src/swc-register.js');
const CHILD = join(__dirname, 'testing/projector-child.ts');

/** Where the read models live, and how the parent watches the child's checkpoint from outside it. */
interface Target {
  childArgs: string[];
  /** The ledger checkpoint, 0 before the child has created it. */
  checkpoint(): Promise<number>;
  readStore(store: SqliteEventStore): ReadStore;
  close(): Promise<void>;
}

function sqliteTarget(path: string): Target {
  let watcher: Database.Database | undefined;
  return {
    childArgs: [],
    async checkpoint() {
      watcher ??= new Database(path, { readonly: true, fileMustExist: true });
      return (watcher.prepare("SELECT position FROM projection_checkpoints WHERE name = 'ledger'").get() as { position: number } | undefined)?.position ?? 0;
    },
    readStore: (store) => new SqliteReadStore(store.connection),
    async close() {
      watcher?.close();
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const url = freshPgUrl();
  await migrateReadStore(url);
  const readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
  await readStore.transaction(async (tx) => {
    for (const ddl of ledgerProjection.schema) await tx.run(ddl);
  });
  return {
    childArgs: [url],
    async checkpoint() {
      const row = await readStore.read((tx) => tx.get<{ position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'ledger'"));
      return row?.position ?? 0;
    },
    readStore: () => readStore,
    async close() {
      await readStore.close();
      await dropPgSchema(url);
    },
  };
}

/** Starts the projector in a child process and SIGKILLs it once its checkpoint passes `killAt`. */
async function projectThenKill(path: string, target: Target, killAt: number): Promise<number> {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, path, '50', ...target.childArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)));
  const deadline = Date.now() + 20_000;
  let seen = 0;
  while ((seen = await safely(target.checkpoint)) < killAt) {
    if (Date.now() > deadline) throw new Error(`projector did not reach ${killAt} (at ${seen}): ${stderr}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return seen;
}

/** The checkpoint table (on SQLite, the file) appears only once the child has started. */
async function safely(read: () => Promise<number>): Promise<number> {
  try {
    return await read();
  } catch {
    return 0;
  }
}

describeEachReadStore('when the projector process is killed mid-projection', (kind) => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'accord-projector-crash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from its checkpoint without duplicates or gaps', async () => {
    const path = join(dir, 'accord.db');
    const store = SqliteEventStore.open({ path });
    const target = kind === 'postgres' ? await postgresTarget() : sqliteTarget(path);
    try {
      for (let i = 0; i < 40; i++) await store.append(freshStream(), events(250), { expectedRevision: 'no_stream' });
      const head = await store.headPosition();

      const killedAt: number[] = [];
      for (const killAt of [1000, 4000, 7000]) killedAt.push(await projectThenKill(path, target, killAt));
      expect(killedAt.every((p, i) => p > 0 && p < head && (i === 0 || p >= killedAt[i - 1]))).toBe(true);

      const readStore = target.readStore(store);
      const runner = new ProjectionRunner(store, readStore, [ledgerProjection]);
      await runner.start();
      await runner.waitFor(head, { timeoutMs: 20_000 });
      await runner.stop();
      const [counts] = await readStore.read((tx) =>
        tx.all('SELECT count(*) AS n, count(DISTINCT position) AS distinct_positions, min(position) AS first, max(position) AS last FROM ledger'),
      );
      expect(counts).toEqual({ n: head, distinct_positions: head, first: 1, last: head });
    } finally {
      await target.close();
      await store.close();
    }
  });
});
