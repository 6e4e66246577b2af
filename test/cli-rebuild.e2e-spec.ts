import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { ManualClock, postGraphql } from './support/api-server';
import { buildFirmHistory, historyDay, type FirmHistory } from './support/firm-history';
import { diffSnapshots, queryReadStore, readModelsOf, startServerOn } from './support/projection-ops';
import { runCli, type CliRun } from './support/run-cli';

const PROJECTIONS = ['firms', 'checks', 'drift', 'audit', 'disagreements', 'decisions'];
/** Disagreements raised on top of the firm's history, so a rebuild takes long enough to be killed in the middle. */
const EXTRA_DISAGREEMENTS = 1500;

/**
 * `accord rebuild` on stores a real server wrote incrementally: refused while the server runs, then
 * killed in the middle (SIGKILL and Ctrl-C) and resumed, and finally compared row for row with the
 * server's own read models and with the log projected afresh.
 */
function rebuildSuite(readStoreUrl: () => string | undefined) {
  const clock = new ManualClock(historyDay(0));
  let dir: string;
  let env: Record<string, string>;
  let history: FirmHistory;
  let incremental: Awaited<ReturnType<typeof readModelsOf>>['stored'];
  let head: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-rebuild-'));
    const readStore = readStoreUrl();
    env = { ACCORD_EVENT_STORE: `sqlite:${join(dir, 'accord.db')}`, ACCORD_PROJECTOR_LEASE_SECONDS: '8', ...(readStore ? { ACCORD_READ_STORE: readStore } : {}) };
    const server = await startServerOn(env, clock);
    try {
      history = await buildFirmHistory(server, clock);
      clock.set(historyDay(10));
      const raise = (i: number) =>
        postGraphql<any>(
          server,
          'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }',
          { f: history.firmId, i: { topic: `Topic number ${i}`, layer: ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'][i % 4], positions: [{ memberId: history.ids.bob, text: `Position ${i}` }] } },
          history.token.ann,
        );
      for (let i = 0; i < EXTRA_DISAGREEMENTS; i += 25) {
        const results = await Promise.all(Array.from({ length: 25 }, (_, j) => raise(i + j)));
        expect(results.filter((r) => r.errors)).toEqual([]);
      }
      head = (await postGraphql<any>(server, '{ serverStatus { headPosition } }')).data.serverStatus.headPosition;

      // While the server runs the projections, a rebuild is refused and changes nothing.
      const refused = await runCli(['rebuild'], env);
      expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 3, stdout: '' });
      expect(refused.stderr).toMatch(/^accord: the projections are being run by .* \(it holds the projector lease\): stop the server\/projector first, then run accord rebuild again\n$/);
    } finally {
      await server.stop();
    }
    ({ stored: incremental } = await readModelsOf(env));
    expect(incremental.disagreements.length).toBe(EXTRA_DISAGREEMENTS + 4);
    expect(await queryReadStore(env, 'SELECT * FROM projection_rebuilds')).toEqual([]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const checkpoints = async () =>
    (await queryReadStore<{ name: string; position: number }>(env, 'SELECT name, position FROM projection_checkpoints')).filter((row) => PROJECTIONS.includes(row.name)).map((row) => Number(row.position));

  /** Starts `accord rebuild --restart`, and once every projection is between 300 and head − 300 sends `signal`. */
  async function rebuildUntilMidway(signal: NodeJS.Signals): Promise<{ run: CliRun; reached: number[] }> {
    let kill: ((signal?: NodeJS.Signals) => void) | undefined;
    const running = runCli(['rebuild', '--restart', '--batch-size', '20'], env, { onStderr: (_, k) => (kill ??= k) });
    let reached: number[] = [];
    for (let polls = 0; ; polls++) {
      if (polls > 2000) throw new Error(`the rebuild never got midway: ${reached}`);
      await new Promise((r) => setTimeout(r, 10));
      if (!kill || (await queryReadStore(env, 'SELECT * FROM projection_rebuilds')).length < PROJECTIONS.length) continue;
      reached = await checkpoints();
      if (Math.min(...reached) >= 300) break;
    }
    expect(Math.max(...reached)).toBeLessThan(head - 300);
    kill!(signal);
    return { run: await running, reached };
  }

  const status = async () => {
    const run = await runCli(['status', '--json'], env);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };

  describe('when the projection name is unknown', () => {
    it('exits 2 listing the known ones, and touches nothing', async () => {
      const run = await runCli(['rebuild', '--projection', 'firms,nope', '--projection', 'audit'], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`accord: no projection named nope; known: ${PROJECTIONS.join(', ')}\n`);
      expect(await checkpoints()).toEqual(PROJECTIONS.map(() => head));
    });
  });

  describe('when it is killed in the middle', () => {
    it('leaves the rebuild marked unfinished, takes over the dead process’s lease at once, then resumes where it stopped', async () => {
      const { run: killed } = await rebuildUntilMidway('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).toContain(`rebuilding ${PROJECTIONS.join(', ')} from position 0`);

      const unfinished = await status();
      expect(unfinished.rebuilds.map((m: any) => [m.projection, m.target])).toEqual([...PROJECTIONS].sort().map((name) => [name, head]));
      const stoppedAt = Object.fromEntries(unfinished.projections.map((p: any) => [p.name, p.checkpoint]));
      for (const name of PROJECTIONS) expect(stoppedAt[name]).toBeGreaterThanOrEqual(300);
      expect(diffSnapshots(incremental, (await readModelsOf(env)).stored)).not.toEqual([]);

      const resumed = await runCli(['rebuild', '--batch-size', '20'], env);
      expect(resumed.stderr).toMatch(/the projector lease was held by .*:rebuild-[0-9a-f]+, whose process is gone: taking it over\n/);
      for (const name of PROJECTIONS) {
        expect(resumed.stderr).toContain(`resuming the interrupted rebuild of ${name} (started `);
        expect(resumed.stderr).toMatch(new RegExp(`resuming the interrupted rebuild of ${name} \\(started [^)]+\\) from position ${stoppedAt[name]} instead of starting again`));
      }
      expect(resumed.stderr).not.toContain('from position 0');
      const from = Math.min(...Object.values(stoppedAt as Record<string, number>));
      expect(resumed.stdout).toMatch(new RegExp(`^rebuilt ${[...PROJECTIONS].sort().join(', ')}: replayed positions ${from + 1} to ${head} \\(${head - from} events in [\\d.]+ s, \\d+ events/s\\)\\n$`));
      expect(resumed.code).toBe(0);

      const after = await readModelsOf(env);
      expect(diffSnapshots(incremental, after.stored)).toEqual([]);
      expect(diffSnapshots(after.fresh, after.stored)).toEqual([]);
      expect(after.stored).toEqual(incremental);
      expect((await status()).rebuilds).toEqual([]);
    });
  });

  describe('when it is interrupted with Ctrl-C', () => {
    it('stops after the batch, exits 130 saying how to continue, and the next run continues', async () => {
      const { run: interrupted } = await rebuildUntilMidway('SIGINT');
      expect(interrupted.code).toBe(130);
      expect(interrupted.stderr).toMatch(new RegExp(`accord: interrupted at position \\d+ of ${head}; run accord rebuild again to continue from there`));
      // The lease was released on the way out: the next run need not wait for it.
      const resumed = await runCli(['rebuild', '--projection', 'disagreements', '--quiet'], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).not.toContain('waiting');
      expect(resumed.stderr).toMatch(/^resuming the interrupted rebuild of disagreements .*\nthe rebuild of firms, checks, drift, audit, decisions is unfinished too; `accord rebuild` without --projection continues it\n$/);
      const rest = await runCli(['rebuild', '--quiet'], env);
      expect(rest.code).toBe(0);
      expect(rest.stderr.match(/resuming the interrupted rebuild of (\w+)/g)).toEqual(['firms', 'checks', 'drift', 'audit', 'decisions'].map((n) => `resuming the interrupted rebuild of ${n}`));
      expect((await readModelsOf(env)).stored).toEqual(incremental);
    });
  });

  describe('when the server starts while a rebuild is unfinished', () => {
    it('continues the projections from their checkpoints itself, to the same rows', async () => {
      await rebuildUntilMidway('SIGKILL');
      expect((await status()).rebuilds).toHaveLength(PROJECTIONS.length);
      const server = await startServerOn(env, clock);
      try {
        // Its mutations wait for their own writes, which needs every projection caught up.
        const raised = await postGraphql<any>(
          server,
          'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id status } }',
          { f: history.firmId, i: { topic: 'After the rebuild', layer: 'PEOPLE', positions: [{ memberId: history.ids.bob, text: 'Yes' }] } },
          history.token.ann,
        );
        expect(raised.data.raiseDisagreement.status).toBe('OPEN');
      } finally {
        await server.stop();
      }
      const after = await readModelsOf(env);
      expect(diffSnapshots(after.fresh, after.stored)).toEqual([]);
      expect(after.stored.disagreements).toHaveLength(incremental.disagreements.length + 1);
      expect((await status()).rebuilds).toEqual([]);
    });
  });

  describe('with --restart', () => {
    it('rebuilds every projection from 0 again, with progress on standard error', async () => {
      const run = await runCli(['rebuild', '--restart'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`rebuilding ${PROJECTIONS.join(', ')} from position 0`);
      expect(run.stderr).toMatch(/rebuild all projections: \d+\/\d+ events \(\d+%\) \| \d+\/s/);
      const after = await readModelsOf(env);
      expect(diffSnapshots(after.fresh, after.stored)).toEqual([]);
    });
  });
}

describe('accord rebuild (read models in the SQLite file)', () => rebuildSuite(() => undefined));

describeWithPostgres('accord rebuild (read models in PostgreSQL)', () => {
  const url = freshPgUrl('accord_rebuild');
  afterAll(() => dropPgSchema(url));
  rebuildSuite(() => url);
});
