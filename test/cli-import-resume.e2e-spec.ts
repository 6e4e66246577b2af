import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore } from '@accord/event-store';
import { runCli, type CliRun } from './support/run-cli';

const STREAMS = 2_000;

const EVENTS = 30_000;

/**
 * Interrupted exports and imports, on a log large enough to stop the real binary mid-way: 30,000
 * events appended one at a time as the API does, to up to 2,000 check streams of one firm, with another
 * firm's events in between.
 */
describe('accord export and import, interrupted', () => {
  let dir: string;
  let source: string;
  let firmId: string;
  let firmEvents = 0;
  const firmStreams = new Set<string>();
  let fullFile: string;

  const expectExit = (run: CliRun, code: number | null) => {
    if (run.code !== code) throw new Error(`exit ${run.code} (${run.signal ?? 'no signal'}), expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  };
  /** Runs the CLI and stops it with `signal` once `startedWhen` shows on standard error (after `delayMs`). */
  const stopped = (args: string[], env: Record<string, string>, signal: NodeJS.Signals, startedWhen: RegExp, delayMs = 0) => {
    let sent = false;
    return runCli(args, env, {
      onStderr: (text, kill) => {
        if (sent || !startedWhen.test(text)) return;
        sent = true;
        setTimeout(() => kill(signal), delayMs);
      },
    });
  };
  const countIn = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      const { n, ids } = db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events').get() as { n: number; ids: number };
      expect(ids).toBe(n);
      return n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-cli-resume-'));
    source = join(dir, 'source.db');
    firmId = randomUUID();
    const otherFirm = randomUUID();
    const store = SqliteEventStore.open({ path: source, synchronous: 'OFF' });
    const streams = Array.from({ length: STREAMS }, () => randomUUID());
    const revisions = new Map<string, number>();
    try {
      for (let i = 0; i < EVENTS; i++) {
        const other = i % 8 === 7;
        const checkId = streams[(i * 7919) % STREAMS];
        const stream = other ? `firm-${otherFirm}` : `check-${checkId}`;
        const at = new Date(Date.UTC(2026, 0, 5) + i * 60_000).toISOString();
        const last = revisions.get(stream);
        const data = { checkId, questionKey: `q${i % 3}`, memberId: `m${i % 4}`, text: `Recurring advisory revenue, answer ${i}`, vagueTerms: [], at };
        await store.append(stream, [{ id: randomUUID(), type: 'AnswerSubmitted', data, metadata: { actor: `m${i % 4}`, firmId: other ? otherFirm : firmId, occurredAt: at } }], {
          expectedRevision: last === undefined ? NO_STREAM : last,
        });
        revisions.set(stream, (last ?? -1) + 1);
        if (!other) {
          firmEvents++;
          firmStreams.add(stream);
        }
      }
    } finally {
      await store.close();
    }
    fullFile = join(dir, 'full.ndjson');
    expectExit(await runCli(['export', '--firm', firmId, '--full', '--out', fullFile], { ACCORD_EVENT_STORE: `sqlite:${source}` }), 0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('an export to --out', () => {
    it('leaves no file when Ctrl-C stops it, and exits 130', async () => {
      const out = join(dir, 'interrupted.ndjson');
      const run = await stopped(['export', '--firm', firmId, '--out', out], { ACCORD_EVENT_STORE: `sqlite:${source}` }, 'SIGINT', /export: writing events: [1-9]/);
      expectExit(run, 130);
      expect(run.stderr).toMatch(/interrupted: .*interrupted\.ndjson was not written/);
      expect(readdirSync(dir).filter((name) => name.includes('interrupted'))).toEqual([]);
    });

    it('never leaves a partial file under the name asked for, even when killed', async () => {
      const out = join(dir, 'killed.ndjson');
      const run = await stopped(['export', '--firm', firmId, '--out', out], { ACCORD_EVENT_STORE: `sqlite:${source}` }, 'SIGKILL', /export: writing events: [1-9]/);
      expect(run.signal).toBe('SIGKILL');
      expect(existsSync(out)).toBe(false);
    });
  });

  describe('an import', () => {
    it('stopped by Ctrl-C and then killed, completes on the next run without duplicates', async () => {
      const target = join(dir, 'target.db');
      const env = { ACCORD_EVENT_STORE: `sqlite:${target}` };

      const interrupted = await stopped(['import', fullFile], env, 'SIGINT', /import: appending: 0\//, 300);
      expectExit(interrupted, 130);
      expect(interrupted.stderr).toMatch(/interrupted after appending \d+ of \d+ events; run the same import again to finish it/);
      const afterInterrupt = countIn(target);
      expect(afterInterrupt).toBeGreaterThan(0);
      expect(afterInterrupt).toBeLessThan(firmEvents);

      const killed = await stopped(['import', fullFile], env, 'SIGKILL', /import: appending: 0\//, 300);
      expect(killed.signal).toBe('SIGKILL');
      const afterKill = countIn(target);
      expect(afterKill).toBeGreaterThan(afterInterrupt);
      expect(afterKill).toBeLessThan(firmEvents);

      const finished = await runCli(['import', fullFile], env);
      expectExit(finished, 0);
      expect(finished.stdout).toContain(`${firmEvents} events in ${firmStreams.size} streams (${firmEvents - afterKill} appended, ${afterKill} already there)`);
      expect(finished.stderr).toMatch(/import: appending: \d+\/\d+ events \(\d+%\) \| \d+\/s/);
      expect(countIn(target)).toBe(firmEvents);

      const verified = await runCli(['verify', '--firm', firmId], env);
      expectExit(verified, 0);
      const sourceDigest = /heads digest:\s+(\w+)/.exec((await runCli(['verify', fullFile])).stdout)![1];
      expect(verified.stdout).toContain(`heads digest:  ${sourceDigest}`);
    }, 180_000);
  });
});
