import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashToken } from '@accord/platform';
import { postGraphql, startApiServer, type ApiServer } from './support/api-server';
import { connectWs, type WsConnection } from './support/ws-client';

interface AuditEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actorId: string;
  data: string;
  hash: string;
  previousHash: string | null;
}
interface AuditPage {
  events: AuditEvent[];
  nextAfter: number | null;
  hasMore: boolean;
}

const EVENT_FIELDS = 'position streamId revision type occurredAt actorId data hash previousHash';
const AUDIT_LOG = `query ($f: ID!, $after: Int, $first: Int) { auditLog(firmId: $f, after: $after, first: $first) { events { ${EVENT_FIELDS} } nextAfter hasMore } }`;
const VERIFY = 'query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked streamsChecked firstBrokenPosition problems } }';
const FIRM_EVENTS = `subscription ($f: ID!, $after: Int) { firmEvents(firmId: $f, afterPosition: $after) { ${EVENT_FIELDS} } }`;
const ANSWERS: Record<string, string> = {
  client_outcome: 'Whether the contract will survive a dispute in court',
  optimizing_for: 'Margin per partner hour on fixed-fee work',
  refuse_to_do: 'Litigation against former clients',
};

describe('the audit log', () => {
  let dir: string;
  let server: ApiServer;
  const tokens: Record<string, string> = {};
  let firmId: string;
  let otherFirmId: string;
  let checkId: string;
  const sockets: WsConnection[] = [];

  const gql = <T = any>(token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    postGraphql<T>(server, query, variables, token);
  async function ok<T = any>(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await gql<T>(token, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }
  const auditLog = async (token: string, after?: number, first?: number): Promise<AuditPage> =>
    (await ok<{ auditLog: AuditPage }>(token, AUDIT_LOG, { f: firmId, after, first })).auditLog;
  async function wholeLog(token = tokens.ann): Promise<AuditEvent[]> {
    const all: AuditEvent[] = [];
    for (let after = 0; ; ) {
      const page = await auditLog(token, after, 1000);
      all.push(...page.events);
      if (!page.hasMore) return all;
      after = page.nextAfter!;
    }
  }
  const connect = (token?: string) => {
    const socket = connectWs(server.wsUrl, token);
    sockets.push(socket);
    return socket;
  };
  const codeOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => result.errors?.[0]?.extensions?.code;
  const addMember = async (name: string, role: string) => {
    const added = await ok(tokens.ann, 'mutation ($f: ID!, $n: String!, $r: Role!) { addMember(firmId: $f, input: { name: $n, role: $r }) { token } }', { f: firmId, n: name, r: role });
    return added.addMember.token as string;
  };
  const answer = (token: string, key: string) =>
    ok(token, 'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }', { c: checkId, k: key, t: ANSWERS[key] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-audit-e2e-'));
    server = await startApiServer({ ACCORD_EVENT_STORE: `sqlite:${join(dir, 'accord.db')}` });
    const created = await ok(undefined, 'mutation { createFirm(input: { name: "Lex & Co", kind: LAW, founderName: "Ann" }) { token firm { id } } }');
    tokens.ann = created.createFirm.token;
    firmId = created.createFirm.firm.id;
    tokens.bob = await addMember('Bob', 'PARTNER');
    tokens.fay = await addMember('Fay', 'FACILITATOR');
    tokens.aud = await addMember('Aud', 'AUDITOR');
    tokens.vic = await addMember('Vic', 'VIEWER');
    const other = await ok(undefined, 'mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token firm { id } } }');
    tokens.ola = other.createFirm.token;
    otherFirmId = other.createFirm.firm.id;
  });
  afterAll(async () => {
    for (const socket of sockets) await socket.dispose().catch(() => undefined);
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('auditLog', () => {
    it("lists the firm's events in log order, and only the firm's", async () => {
      const events = await wholeLog();
      expect(events.map((e) => e.type)).toEqual(['FirmFounded', 'MemberJoined', 'MemberJoined', 'MemberJoined', 'MemberJoined']);
      const positions = events.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(events.every((e) => e.streamId === `firm-${firmId}`)).toBe(true);
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(events[0].previousHash).toBeNull();
      expect(events[1].previousHash).toBe(events[0].hash);
    });

    it('pages with after (exclusive), first, nextAfter and hasMore', async () => {
      const all = await wholeLog();
      const first = await auditLog(tokens.aud, undefined, 2);
      expect(first.events.map((e) => e.position)).toEqual(all.slice(0, 2).map((e) => e.position));
      expect(first).toMatchObject({ hasMore: true, nextAfter: all[1].position });
      const second = await auditLog(tokens.aud, first.nextAfter!, 2);
      expect(second.events.map((e) => e.position)).toEqual(all.slice(2, 4).map((e) => e.position));
      const last = await auditLog(tokens.aud, second.nextAfter!, 2);
      expect(last.events.map((e) => e.position)).toEqual([all[4].position]);
      expect(last).toMatchObject({ hasMore: false, nextAfter: all[4].position });
      const beyond = await auditLog(tokens.aud, all[4].position, 2);
      expect(beyond).toEqual({ events: [], hasMore: false, nextAfter: null });
    });

    it('refuses a page size outside 1..1000', async () => {
      for (const first of [0, 1001]) expect(codeOf(await gql(tokens.ann, AUDIT_LOG, { f: firmId, first }))).toBe('BAD_USER_INPUT');
    });

    it('is for partners and auditors only', async () => {
      expect(codeOf(await gql(tokens.fay, AUDIT_LOG, { f: firmId }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(tokens.vic, AUDIT_LOG, { f: firmId }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(tokens.ola, AUDIT_LOG, { f: firmId }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(undefined, AUDIT_LOG, { f: firmId }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(tokens.vic, VERIFY, { f: firmId }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(tokens.fay, VERIFY, { f: firmId }))).toBe('FORBIDDEN');
    });

    it('never shows a token hash', async () => {
      const events = await wholeLog();
      for (const event of events) expect(event.data).not.toMatch(/tokenHash/);
      const text = JSON.stringify(events);
      for (const token of Object.values(tokens)) expect(text).not.toContain(hashToken(token));
      expect(JSON.parse(events[0].data).founder).toEqual({ memberId: expect.any(String), name: 'Ann' });
    });
  });

  describe('firmEvents over graphql-ws', () => {
    it('closes the socket with 4403 for a bad token', async () => {
      const socket = connect('acc_not-a-token');
      socket.subscribe(FIRM_EVENTS, { f: firmId });
      expect(await socket.closed()).toBe(4403);
    });

    it("refuses another firm's member and a caller without a token", async () => {
      const outsider = connect(tokens.ola).subscribe(FIRM_EVENTS, { f: firmId });
      expect((await outsider.firstErrors())[0].extensions?.code).toBe('FORBIDDEN');
      const anonymous = connect().subscribe(FIRM_EVENTS, { f: firmId });
      expect((await anonymous.firstErrors())[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('catches up from a position, then delivers live events', async () => {
      const all = await wholeLog();
      const from = all[1].position;
      const feed = connect(tokens.vic).subscribe<{ firmEvents: AuditEvent }>(FIRM_EVENTS, { f: firmId, after: from });
      const caughtUp = await feed.take(all.length - 2);
      expect(caughtUp.map((r) => r.firmEvents)).toEqual(all.slice(2));
      await ok(tokens.ann, 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 60) { cadenceDays } }', { f: firmId });
      const [live] = await feed.take(1);
      expect(live.firmEvents).toMatchObject({ type: 'CadenceSet', streamId: `firm-${firmId}`, actorId: expect.any(String) });
      expect(live.firmEvents).toEqual((await wholeLog()).at(-1));
      expect(await feed.quietFor(200)).toEqual([]);
    });
  });

  describe('sealed answers', () => {
    let beforeCheck: number;
    let early: ReturnType<WsConnection['subscribe']>;

    beforeAll(async () => {
      beforeCheck = (await wholeLog()).at(-1)!.position;
      early = connect(tokens.vic).subscribe(FIRM_EVENTS, { f: firmId, after: beforeCheck });
      const opened = await ok(tokens.fay, 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId });
      checkId = opened.openCheck.id;
      await answer(tokens.ann, 'optimizing_for');
    });

    const answersIn = (events: AuditEvent[]) => events.filter((e) => e.type === 'AnswerSubmitted').map((e) => JSON.parse(e.data));

    it('shows who answered, never the text, before the reveal — in auditLog and firmEvents', async () => {
      const logged = answersIn(await wholeLog());
      expect(logged).toEqual([{ checkId, questionKey: 'optimizing_for', memberId: expect.any(String), sealed: true }]);
      const delivered = (await early.take(2)).map((r: any) => r.firmEvents as AuditEvent);
      expect(delivered.map((e) => e.type)).toEqual(['CheckOpened', 'AnswerSubmitted']);
      expect(answersIn(delivered)).toEqual(logged);
      const late = connect(tokens.aud).subscribe<{ firmEvents: AuditEvent }>(FIRM_EVENTS, { f: firmId, after: beforeCheck });
      expect(answersIn((await late.take(2)).map((r) => r.firmEvents))).toEqual(logged);
      expect(JSON.stringify(await wholeLog(tokens.aud))).not.toContain(ANSWERS.optimizing_for);
    });

    it('shows the answers to everyone once the check is revealed', async () => {
      for (const key of ['client_outcome', 'refuse_to_do']) await answer(tokens.ann, key);
      for (const key of Object.keys(ANSWERS)) await answer(tokens.bob, key);
      const check = await ok(tokens.vic, 'query ($c: ID!) { check(id: $c) { status } }', { c: checkId });
      expect(check.check.status).toBe('REVEALED');

      const logged = answersIn(await wholeLog(tokens.aud));
      expect(logged).toHaveLength(6);
      expect(logged.map((a) => a.text).sort()).toEqual([...Object.values(ANSWERS), ...Object.values(ANSWERS)].sort());

      // The early subscriber saw the first answer sealed; what follows the reveal arrives as recorded.
      const live = (await early.take(6)).map((r: any) => r.firmEvents as AuditEvent);
      expect(live.map((e) => e.type)).toContain('CheckRevealed');
      // A subscriber catching up after the reveal gets every answer unsealed.
      const late = connect(tokens.vic).subscribe<{ firmEvents: AuditEvent }>(FIRM_EVENTS, { f: firmId, after: beforeCheck });
      const caughtUp = (await late.take(8)).map((r) => r.firmEvents);
      expect(answersIn(caughtUp).map((a) => a.text)).toEqual(logged.map((a) => a.text));
    });
  });

  describe('resuming firmEvents', () => {
    it('misses and repeats nothing when it reconnects after the last position seen', async () => {
      const start = (await wholeLog()).at(-1)!.position;
      const setCadence = (days: number) => ok(tokens.ann, 'mutation ($f: ID!, $d: Int!) { setCadence(firmId: $f, cadenceDays: $d) { cadenceDays } }', { f: firmId, d: days });
      const first = connect(tokens.vic);
      const feed = first.subscribe<{ firmEvents: AuditEvent }>(FIRM_EVENTS, { f: firmId, after: start });
      await setCadence(30);
      await setCadence(31);
      const seen = (await feed.take(2)).map((r) => r.firmEvents.position);
      await first.dispose();
      await setCadence(32);
      await setCadence(33);
      const second = connect(tokens.vic).subscribe<{ firmEvents: AuditEvent }>(FIRM_EVENTS, { f: firmId, after: seen.at(-1) });
      await setCadence(34);
      const resumed = (await second.take(3)).map((r) => r.firmEvents.position);
      expect(await second.quietFor(200)).toEqual([]);
      const expected = (await auditLog(tokens.aud, start)).events.map((e) => e.position);
      expect([...seen, ...resumed]).toEqual(expected);
    });
  });

  describe('verifyIntegrity', () => {
    it("verifies the firm's streams against the event store", async () => {
      const report = (await ok(tokens.aud, VERIFY, { f: firmId })).verifyIntegrity;
      const events = await wholeLog();
      expect(report).toEqual({ ok: true, eventsChecked: events.length, streamsChecked: new Set(events.map((e) => e.streamId)).size, firstBrokenPosition: null, problems: [] });
    });

    it('finds an event whose payload was rewritten in the SQLite file', async () => {
      const events = await wholeLog();
      const target = events.find((e) => e.type === 'MemberJoined')!;
      const db = new Database(join(dir, 'accord.db'));
      try {
        db.exec('DROP TRIGGER IF EXISTS events_refuse_update');
        const changed = db.prepare("UPDATE events SET data = replace(data, '\"Bob\"', '\"Rob\"') WHERE position = ?").run(target.position);
        expect(changed.changes).toBe(1);
      } finally {
        db.close();
      }
      const report = (await ok(tokens.ann, VERIFY, { f: firmId })).verifyIntegrity;
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: target.position });
      expect(report.problems[0]).toMatch(/hash does not match content/);
      // Another firm's history is untouched.
      expect((await ok(tokens.ola, VERIFY, { f: otherFirmId })).verifyIntegrity.ok).toBe(true);
    });
  });
});
