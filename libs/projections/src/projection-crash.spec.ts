import { SqliteEventStore } from '@accord/event-store';
import { events, freshStream } from '@accord/event-store/testing/fixtures';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadStore } from './sqlite-read-store';
import { ledgerProjection } from './testing/test-projections';

const REGISTER = resolve(__dirname, '../../testing/src/swc-register.js');
const CHILD = join(__dirname, 'testing/projector-child.ts');

/** Starts the projector in a child process and SIGKILLs it once its checkpoint passes `killAt`. */
async function projectThenKill(path: string, killAt: number): Promise<number> {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, path, '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)));
  const watcher = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const checkpoint = () =>
      (watcher.prepare("SELECT position FROM projection_checkpoints WHERE name = 'ledger'").get() as { position: number } | undefined)?.position ?? 0;
    const deadline = Date.now() + 20_000;
    let seen = 0;
    while ((seen = safely(checkpoint)) < killAt) {
      if (Date.now() > deadline) throw new Error(`projector did not reach ${killAt} (at ${seen}): ${stderr}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    return seen;
  } finally {
    watcher.close();
  }
}

/** The checkpoint table appears only once the child has started. */
function safely(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}

describe('when the projector process is killed mid-projection', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'accord-projector-crash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from its checkpoint without duplicates or gaps', async () => {
    const path = join(dir, 'accord.db');
    const store = SqliteEventStore.open({ path });
    for (let i = 0; i < 40; i++) await store.append(freshStream(), events(250), { expectedRevision: 'no_stream' });
    const head = await store.headPosition();

    const killedAt: number[] = [];
    for (const killAt of [1000, 4000, 7000]) killedAt.push(await projectThenKill(path, killAt));
    expect(killedAt.every((p, i) => p > 0 && p < head && (i === 0 || p >= killedAt[i - 1]))).toBe(true);

    const readStore = new SqliteReadStore(store.connection);
    const runner = new ProjectionRunner(store, readStore, [ledgerProjection]);
    await runner.start();
    await runner.waitFor(head, { timeoutMs: 20_000 });
    await runner.stop();
    const [counts] = await readStore.read((tx) =>
      tx.all('SELECT count(*) AS n, count(DISTINCT position) AS distinct_positions, min(position) AS first, max(position) AS last FROM ledger'),
    );
    expect(counts).toEqual({ n: head, distinct_positions: head, first: 1, last: head });
    await store.close();
  });
});
