import { describeWithPostgres, describeWithPostgresAndRedis } from '@accord/event-store/testing/services';
import type { Clock } from '@accord/platform';
import type { GraphqlClient } from '../apps/demo/src/graphql-client';
import { runDemoScenario, type DemoResult } from '../apps/demo/src/scenario';
import { ManualClock } from './support/api-server';
import { embedded, onPostgres, scaledOut, type Deployment } from './support/deployments';
import { connectWs, type LiveSubscription, type WsConnection } from './support/ws-client';

const DAY_MS = 86_400_000;
const START = '2026-01-05T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(START) + n * DAY_MS).toISOString();

interface Drift {
  kind: string;
  checkId: string;
  questionKey: string | null;
  decisionId: string | null;
  previousScore: number | null;
  score: number | null;
  position: number;
}

/**
 * The whole method over the real server, as the demo tells it: a firm, a check that ends in
 * FRICTION, decisions locked and superseded, and a quarter later a check that drifts, seen live by
 * the firm's dashboard; then a restart on the same stores. Told three times: on the embedded SQLite
 * file, on PostgreSQL, and on two API instances behind a round-robin client with a separate projector
 * and Redis, where the dashboard listens on the instance the writes do not start from.
 */
const deployments: Array<[string, (clock: Clock) => Promise<Deployment>, jest.Describe]> = [
  ['embedded SQLite', embedded, describe],
  ['PostgreSQL', onPostgres, describeWithPostgres],
  ['two API instances, a separate projector, PostgreSQL and Redis', scaledOut, describeWithPostgresAndRedis],
];

for (const [where, deploy, describeOn] of deployments) describeOn(`the story of one firm, over a quarter (${where})`, () => {
  const clock = new ManualClock(START);
  let deployment: Deployment;
  let client: GraphqlClient;
  let story: DemoResult;
  let viewer: WsConnection;
  let liveDrift: LiveSubscription<{ driftDetected: Drift }>;
  const token = (role: string) => story.tokens.find((t) => t.role === role)!.token;
  const ask = <T = any>(query: string, variables: Record<string, unknown>, as: string): Promise<T> => client.request<T>(query, variables, token(as));

  beforeAll(async () => {
    deployment = await deploy(clock);
    client = deployment.client;
    story = await runDemoScenario(client, (n) => clock.set(day(n)), {
      // The dashboard subscribes from the position it knows before anything happens to the firm.
      onMembers: async (firmId, tokens) => {
        const head = (await client.request('{ serverStatus { headPosition } }')).serverStatus.headPosition;
        viewer = connectWs(deployment.wsUrl, tokens.find((t) => t.role === 'VIEWER')!.token);
        liveDrift = viewer.subscribe(
          `subscription ($f: ID!, $a: Int) { driftDetected(firmId: $f, afterPosition: $a) { kind checkId questionKey decisionId previousScore score position } }`,
          { f: firmId, a: head },
        );
      },
    });
    clock.set(day(100));
  });

  afterAll(async () => {
    await viewer?.dispose();
    await deployment?.close();
  });

  it('scores the first check FRICTION and the second, a quarter later, FRACTURE', async () => {
    const { alignmentHistory } = await ask(`query ($f: ID!) { alignmentHistory(firmId: $f) { checkId closedAt score outOf verdict mismatched } }`, { f: story.firmId }, 'AUDITOR');
    expect(alignmentHistory).toEqual([
      { checkId: story.checkIds[0], closedAt: day(7), score: 2, outOf: 3, verdict: 'FRICTION', mismatched: ['client_outcome'] },
      { checkId: story.checkIds[1], closedAt: day(98), score: 1, outOf: 3, verdict: 'FRACTURE', mismatched: ['client_outcome', 'optimizing_for'] },
    ]);
  });

  it('delivers the drift of the second check live to the dashboard: a score drop and two drifted definitions', async () => {
    const received = (await liveDrift.take(3)).map((r) => r.driftDetected);
    const second = story.checkIds[1];
    expect(received).toEqual([
      expect.objectContaining({ kind: 'SCORE_DROP', checkId: second, previousScore: 2, score: 1 }),
      expect.objectContaining({ kind: 'DEFINITION_DRIFT', checkId: second, questionKey: 'client_outcome', decisionId: story.decisionIds.clientOutcome }),
      expect.objectContaining({ kind: 'DEFINITION_DRIFT', checkId: second, questionKey: 'optimizing_for', decisionId: story.decisionIds.current }),
    ]);
    const { driftEvents } = await ask(`query ($f: ID!) { driftEvents(firmId: $f) { kind position } }`, { f: story.firmId }, 'VIEWER');
    expect(driftEvents.map((d: Drift) => d.position)).toEqual(received.map((d) => d.position));
  });

  it('answers aligned definitions now and as of earlier dates, from the recorded history', async () => {
    const query = `query ($f: ID!, $at: DateTime) { alignedDefinitions(firmId: $f, asOf: $at) { questionKey answer lockedAt decision { id status } } }`;
    const now = (await ask(query, { f: story.firmId }, 'PARTNER')).alignedDefinitions;
    expect(now).toEqual([
      { questionKey: 'client_outcome', answer: 'Clients stop worrying about compliance risk in cross-border deals', lockedAt: day(14), decision: { id: story.decisionIds.clientOutcome, status: 'LOCKED' } },
      { questionKey: 'optimizing_for', answer: 'Recurring advisory revenue from family businesses and their next generation', lockedAt: day(50), decision: { id: story.decisionIds.current, status: 'LOCKED' } },
    ]);
    const month = (await ask(query, { f: story.firmId, at: day(30) }, 'PARTNER')).alignedDefinitions;
    expect(month.map((d: { decision: { id: string } }) => d.decision.id)).toEqual([story.decisionIds.clientOutcome, story.decisionIds.superseded]);
    expect((await ask(query, { f: story.firmId, at: day(10) }, 'PARTNER')).alignedDefinitions).toEqual([]);
  });

  it('computes conflict debt as of any date: days open times the layer weight', async () => {
    const query = `query ($f: ID!, $at: DateTime) { conflictDebt(firmId: $f, asOf: $at) { total openCount items { ageDays weight debt disagreement { layer status } } paid { ageDays debt } } }`;
    // Day 8: only the check's client_outcome disagreement (VISION, raised on day 7).
    expect((await ask(query, { f: story.firmId, at: day(8) }, 'AUDITOR')).conflictDebt).toEqual({
      total: 4,
      openCount: 1,
      items: [{ ageDays: 1, weight: 4, debt: 4, disagreement: { layer: 'VISION', status: 'RESOLVED' } }],
      paid: [],
    });
    // Day 100: hiring (PEOPLE, deferred on day 9, 91 days) and the second check's two (VISION, 2 days); paid: 7 days × 4.
    const debt = (await ask(query, { f: story.firmId, at: day(100) }, 'AUDITOR')).conflictDebt;
    expect(debt.openCount).toBe(3);
    expect(debt.total).toBe(91 * 3 + 2 * 4 * 2);
    expect(debt.paid).toEqual([{ ageDays: 7, debt: 28 }]);
  });

  it('explains why a decision was made, back through the one it superseded', async () => {
    const { decision } = await ask(
      `query ($d: ID!) { decision(id: $d) { status supersedes { id status supersededBy { id } } why { outcome alternatives endorsements { member { name } } supersedes { title } } } }`,
      { d: story.decisionIds.current },
      'AUDITOR',
    );
    expect(decision).toEqual({
      status: 'LOCKED',
      supersedes: { id: story.decisionIds.superseded, status: 'SUPERSEDED', supersededBy: { id: story.decisionIds.current } },
      why: {
        outcome: 'Predictable income that outlives the founders',
        alternatives: ['Recurring advisory revenue from family businesses', 'One-off transaction fees'],
        endorsements: [{ member: { name: 'Maya Harbor' } }, { member: { name: 'Daniel Reed' } }],
        supersedes: { title: 'What we optimize for this year' },
      },
    });
    const first = await ask(`query ($d: ID!) { decision(id: $d) { why { resolved { status questionKey positions { member { name } text } } checks { id } } } }`, { d: story.decisionIds.clientOutcome }, 'PARTNER');
    expect(first.decision.why.resolved).toEqual([
      {
        status: 'RESOLVED',
        questionKey: 'client_outcome',
        positions: [
          { member: { name: 'Maya Harbor' }, text: 'Clients stop worrying about compliance risk in cross-border deals' },
          { member: { name: 'Daniel Reed' }, text: 'Clients stop worrying about missing strategic opportunities' },
        ],
      },
    ]);
    expect(first.decision.why.checks).toEqual([{ id: story.checkIds[0] }]);
  });

  it('keeps an audit log in position order that verifies', async () => {
    const positions: number[] = [];
    let after = 0;
    for (;;) {
      const page = (await ask(`query ($f: ID!, $a: Int) { auditLog(firmId: $f, after: $a, first: 25) { events { position type } nextAfter hasMore } }`, { f: story.firmId, a: after }, 'AUDITOR')).auditLog;
      positions.push(...page.events.map((e: { position: number }) => e.position));
      if (!page.hasMore) break;
      after = page.nextAfter;
    }
    expect(positions.length).toBeGreaterThan(50);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    const { verifyIntegrity } = await ask(`query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked problems } }`, { f: story.firmId }, 'AUDITOR');
    expect(verifyIntegrity).toEqual({ ok: true, eventsChecked: positions.length, problems: [] });
  });

  describe('after a restart on the same stores', () => {
    const snapshot = `query ($f: ID!, $d: ID!) {
      firm(id: $f) { name members { name role } lastCheckClosedAt }
      alignmentHistory(firmId: $f) { checkId score verdict }
      alignedDefinitions(firmId: $f) { questionKey answer }
      conflictDebt(firmId: $f) { total openCount }
      driftEvents(firmId: $f) { id kind }
      decision(id: $d) { status why { summary } }
      verifyIntegrity(firmId: $f) { ok eventsChecked }
    }`;

    it('serves everything it served before, and every token still works', async () => {
      const before = await ask(snapshot, { f: story.firmId, d: story.decisionIds.current }, 'PARTNER');
      await deployment.restart();
      client = deployment.client;
      expect(await ask(snapshot, { f: story.firmId, d: story.decisionIds.current }, 'PARTNER')).toEqual(before);
      for (const { token: t, name } of story.tokens) expect((await client.request('{ me { name } }', {}, t)).me.name).toBe(name);
    });
  });
});
