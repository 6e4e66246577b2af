import { ManualClock, postGraphql, startApiServer, type ApiServer } from './support/api-server';
import { buildFirmHistory, historyDay, type FirmHistory } from './support/firm-history';
import { runCli } from './support/run-cli';

/*
 * `accord replay` against a history made through the real API on a manual clock: a disagreement
 * raised, a decision locked later resolving it. The replay projects the log as it stood at an instant
 * and must give what the GraphQL API's alignedDefinitions(asOf) and conflictDebt(asOf) give.
 */
describe('accord replay', () => {
  const clock = new ManualClock(historyDay(0));
  let server: ApiServer;
  let history: FirmHistory;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startApiServer({}, { clock });
    history = await buildFirmHistory(server, clock);
    clock.set(historyDay(20));
    env = { ACCORD_EVENT_STORE: `sqlite:${server.dataFile}` };
  });
  afterAll(async () => server?.close());

  const replay = async (asOf: string, ...more: string[]) => runCli(['replay', '--firm', history.firmId, '--as-of', asOf, ...more], env);
  const replayJson = async (asOf: string) => {
    const run = await replay(asOf, '--json', '--quiet');
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };

  /** The same fields from the GraphQL API, asked by the firm's auditor. */
  async function graphqlAsOf(asOf: string) {
    const result = await postGraphql<any>(
      server,
      `query($f: ID!, $a: DateTime) {
        alignedDefinitions(firmId: $f, asOf: $a) { questionKey answer outcome lockedAt decision { id title } }
        conflictDebt(firmId: $f, asOf: $a) { firmId asOf total openCount oldestOpenDays
          items { disagreement { id topic layer } ageDays weight debt } paid { disagreement { id topic layer } ageDays weight debt } } }`,
      { f: history.firmId, a: asOf },
      history.token.aud,
    );
    expect(result.errors).toBeUndefined();
    return result.data;
  }

  /** The replay's answer cut down to the fields asked of GraphQL. */
  function sameFields(answer: any) {
    const item = (i: any) => ({ disagreement: { id: i.disagreement.id, topic: i.disagreement.topic, layer: i.disagreement.layer }, ageDays: i.ageDays, weight: i.weight, debt: i.debt });
    const { firmId, asOf, total, openCount, oldestOpenDays, items, paid } = answer.conflictDebt;
    return {
      alignedDefinitions: answer.alignedDefinitions.map((d: any) => ({ questionKey: d.questionKey, answer: d.answer, outcome: d.outcome, lockedAt: d.lockedAt, decision: { id: d.decision.id, title: d.decision.title } })),
      conflictDebt: { firmId, asOf, total, openCount, oldestOpenDays, items: items.map(item), paid: paid.map(item) },
    };
  }

  describe('as of a day before the decision was locked', () => {
    it('shows the disagreements open, with their debt, and no aligned definition', async () => {
      const answer = await replayJson(historyDay(4));
      expect(answer.firm).toMatchObject({ id: history.firmId, name: 'Marlow & Finch', kind: 'CONSULTING' });
      expect(answer.alignedDefinitions).toEqual([]);
      expect(answer.openDisagreements.map((d: any) => [d.id, d.status, d.openDays, d.resolvedAt])).toEqual([
        [history.visionId, 'OPEN', 4, null],
        [history.processId, 'DEFERRED', 3, null],
        [history.fromCheckId, 'OPEN', 2, null],
      ]);
      expect(answer.openDisagreements[1]).toMatchObject({ topic: 'Weekly or daily timesheets?', layer: 'PROCESS', deferrals: ['After the audit season'], positions: [{ member: { name: 'Bob' }, text: 'Weekly' }] });
      // VISION 4 days × 4, PROCESS 3 days × 2, the check's VISION 2 days × 4.
      expect(answer.conflictDebt).toMatchObject({ asOf: historyDay(4), total: 30, openCount: 3, oldestOpenDays: 4, paid: [] });
      expect(answer.eventsApplied).toBeLessThan(answer.eventsRead);
      expect(sameFields(answer)).toEqual(await graphqlAsOf(historyDay(4)));
    });

    it('prints the same as text', async () => {
      const run = await replay(historyDay(4), '--quiet');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Marlow & Finch (firm ${history.firmId}) as of ${historyDay(4)}`);
      expect(run.stdout).toContain('Aligned definitions (0)\n  none');
      expect(run.stdout).toContain(`Open disagreements (3)\n  [VISION] Do we take public-sector work? (${history.visionId}): OPEN, raised ${historyDay(0)}, open 4 days\n    Ann: Never again\n    Bob: Only framework contracts`);
      expect(run.stdout).toContain(`[PROCESS] Weekly or daily timesheets? (${history.processId}): DEFERRED, deferred 1×`);
      expect(run.stdout).toContain('Conflict debt: 30 (3 open, oldest open 4 days)\n          16  = 4 days × 4 (VISION)  Do we take public-sector work?');
    });
  });

  describe('as of the instant the decision was locked, and after', () => {
    it('shows the aligned definition and the debt paid', async () => {
      const answer = await replayJson(historyDay(5));
      expect(answer.alignedDefinitions).toEqual([
        {
          questionKey: 'optimizing_for',
          answer: 'Repeat engagements from the ten largest clients',
          outcome: 'Predictable revenue from existing clients',
          lockedAt: historyDay(5),
          decision: expect.objectContaining({ id: history.firstId, status: 'LOCKED', lockedAt: historyDay(5), supersededAt: null, supersededBy: null, proposedBy: expect.objectContaining({ name: 'Ann' }) }),
        },
      ]);
      expect(answer.openDisagreements).toEqual([]);
      expect(answer.conflictDebt).toMatchObject({ total: 0, openCount: 0, oldestOpenDays: null, items: [] });
      expect(answer.conflictDebt.paid.map((i: any) => [i.disagreement.id, i.disagreement.status, i.debt])).toEqual([
        [history.visionId, 'RESOLVED', 20],
        [history.fromCheckId, 'RESOLVED', 12],
        [history.processId, 'RESOLVED', 8],
      ]);
      expect(sameFields(answer)).toEqual(await graphqlAsOf(historyDay(5)));
    });

    it('shows the newer decision once it superseded the first, and the debt of what was raised since', async () => {
      const answer = await replayJson(historyDay(9.5));
      expect(answer.alignedDefinitions.map((d: any) => [d.decision.id, d.answer, d.decision.supersedes])).toEqual([[history.secondId, 'Annual retainers with the ten largest clients', { id: history.firstId }]]);
      expect(answer.openDisagreements.map((d: any) => d.id)).toEqual([history.peopleId]);
      expect(answer.conflictDebt).toMatchObject({ total: 10.5, openCount: 1, oldestOpenDays: 3.5 });
      expect(sameFields(answer)).toEqual(await graphqlAsOf(historyDay(9.5)));
    });

    it('reads a date alone as 00:00 UTC, as the GraphQL API does', async () => {
      const date = historyDay(6).slice(0, 10);
      const answer = await replayJson(date);
      expect(answer.conflictDebt.asOf).toBe(`${date}T00:00:00.000Z`);
      expect(sameFields(answer)).toEqual(await graphqlAsOf(date));
    });
  });

  describe('as of a date before the firm was founded', () => {
    it('answers that it did not exist yet', async () => {
      const answer = await replayJson('2026-01-01');
      expect(answer).toMatchObject({ firm: null, eventsApplied: 0, alignedDefinitions: [], openDisagreements: [], conflictDebt: { total: 0, openCount: 0 } });
      const text = await replay('2026-01-01', '--quiet');
      expect(text.stdout).toBe(`firm ${history.firmId} as of 2026-01-01T00:00:00.000Z: not founded yet\n`);
    });
  });

  describe('when the arguments are wrong', () => {
    it.each([['2026-02-30'], ['2026-02-06T24:00Z'], ['yesterday'], ['2026-02-06T10:00'], ['06/02/2026']])('refuses --as-of %s with exit 2', async (asOf) => {
      const run = await replay(asOf);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--as-of: "${asOf}" is not an ISO-8601 date`);
      expect(run.stdout).toBe('');
    });

    it('exits 3 for a firm the log does not hold', async () => {
      const run = await runCli(['replay', '--firm', 'no-such-firm', '--as-of', historyDay(4), '--quiet'], env);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^accord: no firm no-such-firm in the log \(no event of it among \d+\)\n$/);
    });

    it('exits 2 without --as-of', async () => {
      const run = await runCli(['replay', '--firm', history.firmId], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("required option '--as-of <date>' not specified");
    });
  });
});
