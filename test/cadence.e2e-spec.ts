import { OverdueSchedule } from '@accord/drift';
import { ManualClock, postGraphql, startApiServer, type ApiServer } from './support/api-server';
import { connectWs, type LiveSubscription, type WsConnection } from './support/ws-client';

interface Overdue {
  kind: string;
  detectedAt: string;
  dueAt: string | null;
}

const FOUNDED = '2026-01-05T09:00:00.000Z';
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(FOUNDED) + days * DAY).toISOString();
const ANSWERS: Record<string, string> = {
  client_outcome: 'Whether the contract will survive a dispute in court',
  optimizing_for: 'Margin per partner hour on fixed-fee work',
  refuse_to_do: 'Litigation against former clients',
};

/**
 * The cadence scheduler over the real server, driven by a manual clock: `tick()` is what the
 * scheduler's timer runs, so months pass without waiting (the timer itself is set to a day and never fires here).
 */
describe('cadence: CHECK_OVERDUE once per overdue period', () => {
  const clock = new ManualClock(FOUNDED);
  let server: ApiServer;
  let socket: WsConnection;
  let live: LiveSubscription<{ driftDetected: Overdue }>;
  let firmId: string;
  const tokens: Record<string, string> = {};

  async function ok<T = any>(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await postGraphql<T>(server, query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }
  const tick = () => server.app.get(OverdueSchedule).tick();
  const overdue = async (): Promise<Overdue[]> =>
    (await ok(tokens.ann, 'query ($f: ID!) { driftEvents(firmId: $f) { kind detectedAt dueAt } }', { f: firmId })).driftEvents;
  const firm = async () =>
    (await ok(tokens.ann, 'query ($f: ID!) { firm(id: $f) { cadenceDays lastCheckClosedAt nextCheckDue overdue } }', { f: firmId })).firm;

  beforeAll(async () => {
    server = await startApiServer({ ACCORD_OVERDUE_SCAN_SECONDS: '86400' }, { clock });
    const created = await ok(undefined, 'mutation { createFirm(input: { name: "Lex & Co", kind: LAW, founderName: "Ann" }) { token firm { id } } }');
    tokens.ann = created.createFirm.token;
    firmId = created.createFirm.firm.id;
    const add = async (name: string, role: string) =>
      (await ok(tokens.ann, 'mutation ($f: ID!, $n: String!, $r: Role!) { addMember(firmId: $f, input: { name: $n, role: $r }) { token } }', { f: firmId, n: name, r: role }))
        .addMember.token as string;
    tokens.bob = await add('Bob', 'PARTNER');
    tokens.fay = await add('Fay', 'FACILITATOR');
    socket = connectWs(server.wsUrl, tokens.ann);
    // From position 0: the subscription may be acknowledged after the first drift is recorded.
    live = socket.subscribe('subscription ($f: ID!) { driftDetected(firmId: $f, afterPosition: 0) { kind detectedAt dueAt } }', { f: firmId });
  });
  afterAll(async () => {
    await socket?.dispose().catch(() => undefined);
    await server?.close();
  });

  it('records nothing while the first check is not yet due', async () => {
    clock.set(at(90));
    expect(await tick()).toBe(0);
    expect(await overdue()).toEqual([]);
    expect(await firm()).toEqual({ cadenceDays: 90, lastCheckClosedAt: null, nextCheckDue: at(90), overdue: false });
  });

  it('records CHECK_OVERDUE when the due date has passed, live to subscribers, and only once however often it scans', async () => {
    clock.set(at(91));
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    clock.set(at(179));
    expect(await tick()).toBe(0);
    const expected = { kind: 'CHECK_OVERDUE', detectedAt: at(91), dueAt: at(90) };
    expect(await overdue()).toEqual([expected]);
    expect((await live.take(1)).map((e) => e.driftDetected)).toEqual([expected]);
    expect((await firm()).overdue).toBe(true);
  });

  it('records the next period once it begins', async () => {
    clock.set(at(181));
    expect(await tick()).toBe(1);
    expect((await overdue()).map((e) => e.dueAt)).toEqual([at(90), at(180)]);
  });

  it('follows a cadence the firm changes (CadenceSet)', async () => {
    const changed = await ok(tokens.ann, 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 30) { cadenceDays nextCheckDue } }', { f: firmId });
    expect(changed.setCadence).toEqual({ cadenceDays: 30, nextCheckDue: at(30) });
    // Under 30 days the period that began last is the one due on day 180 (6 × 30), already recorded.
    expect(await tick()).toBe(0);
    clock.set(at(211));
    expect(await tick()).toBe(1);
    expect((await overdue()).map((e) => e.dueAt)).toEqual([at(90), at(180), at(210)]);
  });

  it('refuses a cadence outside 7 to 730 days, changing nothing', async () => {
    const refused = await postGraphql(server, 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 3) { cadenceDays } }', { f: firmId }, tokens.ann);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await firm()).cadenceDays).toBe(30);
  });

  it('starts the count again from a closed check', async () => {
    const checkId = (await ok(tokens.fay, 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId })).openCheck.id;
    for (const partner of [tokens.ann, tokens.bob]) {
      for (const [key, text] of Object.entries(ANSWERS)) {
        await ok(partner, 'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }', { c: checkId, k: key, t: text });
      }
    }
    for (const key of Object.keys(ANSWERS)) {
      await ok(tokens.fay, 'mutation ($c: ID!, $k: String!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: MATCH) { id } }', { c: checkId, k: key });
    }
    await ok(tokens.fay, 'mutation ($c: ID!) { closeCheck(checkId: $c) { id } }', { c: checkId });
    expect(await firm()).toEqual({ cadenceDays: 30, lastCheckClosedAt: at(211), nextCheckDue: at(241), overdue: false });
    clock.set(at(240));
    expect(await tick()).toBe(0);
    clock.set(at(242));
    expect(await tick()).toBe(1);
    expect((await overdue()).map((e) => e.dueAt)).toEqual([at(90), at(180), at(210), at(241)]);
  });

  it('records each period once also across a restart', async () => {
    server = await server.restart();
    expect(await tick()).toBe(0);
    expect(await overdue()).toHaveLength(4);
  });
});
