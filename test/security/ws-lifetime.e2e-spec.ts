import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { diffSnapshots } from '@accord/projections';
import { dropPgSchema, freshPgUrl, describeWithPostgres } from '@accord/event-store/testing/services';
import { postGraphql, startApiServer, type ApiServer } from '../support/api-server';
import { readModelsOf } from '../support/projection-ops';
import { connectWs, type LiveSubscription, type WsConnection } from '../support/ws-client';

/**
 * How long a WebSocket lives: it must sign in within 3 s (4408), with a token a member holds (4403),
 * and it is closed (4403) within 5 s once that stops being true: the member left, or their token was
 * rotated or revoked. Over HTTP the old token is refused at once. Real server, real sockets.
 */

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

const FIRM_EVENTS = 'subscription ($f: ID!) { firmEvents(firmId: $f, afterPosition: 0) { position type data } }';
const DRIFT = 'subscription ($f: ID!) { driftDetected(firmId: $f) { id kind } }';
const ME = '{ me { id role firmId } }';
const ROTATE = 'mutation ($m: ID) { rotateToken(memberId: $m) { token member { id role firmId } } }';
const REVOKE = 'mutation ($m: ID) { revokeToken(memberId: $m) { id role firmId } }';
const REMOVE = 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }';
const CHANGE_ROLE = 'mutation ($f: ID!, $m: ID!, $r: Role!) { changeMemberRole(firmId: $f, memberId: $m, role: $r) { id role } }';
const SET_CADENCE = 'mutation ($f: ID!, $d: Int!) { setCadence(firmId: $f, cadenceDays: $d) { cadenceDays } }';
/** The promised bound, and what the check every second actually needs at most (with a margin for a busy CI). */
const CLOSE_WITHIN_MS = 5000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A graphql-ws socket spoken by hand, to see the close reason too: signed in with `token`, subscribed to firmEvents. */
async function rawSubscribed(url: string, token: string, firmId: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const messages: Array<{ type: string }> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  const arrived = async (type: string) => {
    while (!messages.some((message) => message.type === type)) {
      if (isClosed) throw new Error(`closed before ${type}: ${JSON.stringify(await closed)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await arrived('connection_ack');
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FIRM_EVENTS, variables: { f: firmId } } }));
  await arrived('next');
  return { closed };
}

/** Resolves once a firmEvents subscription has delivered an event matching `wanted`. */
async function delivered(events: LiveSubscription<any>, wanted: (event: { type: string; data: string }) => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!events.received.some((result) => wanted(result.firmEvents))) {
    if (Date.now() > deadline) throw new Error(`not delivered; got ${events.received.map((r) => r.firmEvents.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('WebSocket lifetime and token rotation', () => {
  let server: ApiServer;
  let firmId: string;
  let partner: string;
  let otherFirmPartner: string;
  const open: WsConnection[] = [];

  const gql = (query: string, variables: Record<string, unknown>, token?: string): Promise<Result> => postGraphql<any>(server, query, variables, token);
  async function ok(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
    const result = await gql(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }
  const codeOf = (result: Result) => result.errors?.[0]?.extensions?.code;
  async function addMember(role: string, name = 'Nell'): Promise<{ id: string; token: string }> {
    const { addMember } = await ok(
      'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }',
      { f: firmId, i: { name, role } },
      partner,
    );
    return { id: addMember.member.id, token: addMember.token };
  }
  const signedIn = async (token: string) => (await gql(ME, {}, token)).data?.me?.id as string | undefined;

  /** A socket with a firmEvents and a driftDetected subscription, proven live by firmEvents' catch-up. */
  async function subscribed(token: string, url = server.wsUrl): Promise<{ socket: WsConnection; events: LiveSubscription<any>; drift: LiveSubscription<any> }> {
    const socket = connectWs(url, token);
    open.push(socket);
    const drift = socket.subscribe<any>(DRIFT, { f: firmId });
    const events = socket.subscribe<any>(FIRM_EVENTS, { f: firmId });
    await events.take(1);
    return { socket, events, drift };
  }

  /** Runs `change` and measures how long after its reply the socket closes, and with which code. */
  async function closedAfter(socket: WsConnection, change: () => Promise<unknown>): Promise<{ code: number; ms: number }> {
    const closing = socket.closed(CLOSE_WITHIN_MS + 2000);
    await change();
    const replied = Date.now();
    const code = await closing;
    return { code, ms: Date.now() - replied };
  }

  beforeAll(async () => {
    server = await startApiServer();
    const created = await ok('mutation { createFirm(input: { name: "Hale & Rowe", kind: LAW, founderName: "Ada" }) { token firm { id } } }', {});
    firmId = created.createFirm.firm.id;
    partner = created.createFirm.token;
    otherFirmPartner = (await ok('mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token } }', {})).createFirm.token;
  });
  afterAll(async () => {
    for (const socket of open) await socket.dispose();
    await server?.close();
  });

  describe('signing in', () => {
    it('closes a socket that sends no connection_init with 4408 after 3 s', async () => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
      const openedAt = await new Promise<number>((resolve, reject) => {
        ws.once('open', () => resolve(Date.now()));
        ws.once('error', reject);
      });
      const { code, reason } = await new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (closeCode, closeReason) => resolve({ code: closeCode, reason: String(closeReason) })),
      );
      const ms = Date.now() - openedAt;
      expect({ code, reason }).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
      expect(ms).toBeGreaterThanOrEqual(2900);
      expect(ms).toBeLessThan(4000);
    });

    it('keeps a socket that signs in just before the 3 s are up', async () => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
      const closes: number[] = [];
      ws.on('close', (code) => closes.push(code));
      await new Promise((resolve) => ws.once('open', resolve));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const acked = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)).type)));
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${partner}` } }));
      expect(await acked).toBe('connection_ack');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect({ closes, state: ws.readyState }).toEqual({ closes: [], state: WebSocket.OPEN });
      ws.close();
    });

    it('closes with 4403 for a token that was never issued', async () => {
      const socket = connectWs(server.wsUrl, 'acc_this-token-was-never-issued');
      open.push(socket);
      socket.subscribe(DRIFT, { f: firmId });
      expect(await socket.closed()).toBe(4403);
    });

    it('closes with 4403 for the token of a member who was removed', async () => {
      const gone = await addMember('VIEWER');
      await ok(REMOVE, { f: firmId, m: gone.id }, partner);
      const socket = connectWs(server.wsUrl, gone.token);
      open.push(socket);
      const events = socket.subscribe(FIRM_EVENTS, { f: firmId });
      expect(await socket.closed()).toBe(4403);
      expect(events.received).toEqual([]);
    });
  });

  describe('open subscriptions', () => {
    let watcher: Awaited<ReturnType<typeof subscribed>>;
    beforeAll(async () => {
      watcher = await subscribed(partner);
    });

    it('end within 5 s of the member being removed, with a reason that says why', async () => {
      const gone = await addMember('VIEWER');
      const { socket, events, drift } = await subscribed(gone.token);
      const raw = await rawSubscribed(server.wsUrl, gone.token, firmId);
      const { code, ms } = await closedAfter(socket, () => ok(REMOVE, { f: firmId, m: gone.id }, partner));
      expect(code).toBe(4403);
      expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
      expect(await raw.closed).toEqual({ code: 4403, reason: expect.stringMatching(/revoked.*left the firm/) });
      // Nothing arrives on the closed subscriptions afterwards, while the partner's still do.
      const seen = events.received.length;
      await ok(SET_CADENCE, { f: firmId, d: 45 }, partner);
      await delivered(watcher.events, (event) => event.type === 'CadenceSet' && JSON.parse(event.data).cadenceDays === 45);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(events.received).toHaveLength(seen);
      expect(drift.received).toEqual([]);
    });

    it('end within 5 s of a partner rotating the member\'s token; the new token signs in, the old one does not', async () => {
      const member = await addMember('AUDITOR');
      const { socket } = await subscribed(member.token);
      let fresh = '';
      const { code, ms } = await closedAfter(socket, async () => {
        fresh = (await ok(ROTATE, { m: member.id }, partner)).rotateToken.token;
      });
      expect({ code, below: ms < CLOSE_WITHIN_MS }).toEqual({ code: 4403, below: true });
      expect(codeOf(await gql(ME, {}, member.token))).toBe('UNAUTHENTICATED');
      expect(await signedIn(fresh)).toBe(member.id);
      const again = await subscribed(fresh);
      expect(again.socket.closeCodes).toEqual([]);
    });

    it('end within 5 s of the member rotating their own token', async () => {
      const member = await addMember('FACILITATOR');
      const { socket } = await subscribed(member.token);
      const { code, ms } = await closedAfter(socket, () => ok(ROTATE, {}, member.token));
      expect(code).toBe(4403);
      expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    });

    it('end within 5 s of the member\'s role changing, so a demoted partner does not act as one over an open socket; reconnecting works', async () => {
      const member = await addMember('PARTNER');
      const { socket } = await subscribed(member.token);
      const { code, ms } = await closedAfter(socket, () => ok(CHANGE_ROLE, { f: firmId, m: member.id, r: 'VIEWER' }, partner));
      expect(code).toBe(4403);
      expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
      const again = await subscribed(member.token);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a check or more has passed
      expect(again.socket.closeCodes).toEqual([]);
    });

    it('end within 5 s of a partner revoking the member\'s token', async () => {
      const member = await addMember('VIEWER');
      const { socket } = await subscribed(member.token);
      const { code, ms } = await closedAfter(socket, () => ok(REVOKE, { m: member.id }, partner));
      expect(code).toBe(4403);
      expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    });

    it('end within 5 s of the member revoking their own token, on every socket of that token', async () => {
      const member = await addMember('VIEWER');
      const first = await subscribed(member.token);
      const second = await subscribed(member.token);
      const bothClosed = Promise.all([first.socket.closed(CLOSE_WITHIN_MS + 2000), second.socket.closed(CLOSE_WITHIN_MS + 2000)]);
      const started = Date.now();
      await ok(REVOKE, {}, member.token);
      expect(await bothClosed).toEqual([4403, 4403]);
      expect(Date.now() - started).toBeLessThan(CLOSE_WITHIN_MS);
    });

    it("leave other members' sockets open, and they keep receiving", async () => {
      const stays = await addMember('VIEWER', 'Stay');
      const bystander = await subscribed(stays.token);
      const gone = await addMember('VIEWER');
      const leaving = await subscribed(gone.token);
      expect((await closedAfter(leaving.socket, () => ok(REMOVE, { f: firmId, m: gone.id }, partner))).code).toBe(4403);
      // Two more checks of the tokens go by: no socket of a member still there is closed.
      await new Promise((resolve) => setTimeout(resolve, 2200));
      await ok(SET_CADENCE, { f: firmId, d: 60 }, partner);
      for (const live of [watcher, bystander]) {
        await delivered(live.events, (event) => event.type === 'CadenceSet' && JSON.parse(event.data).cadenceDays === 60);
        expect(live.socket.closeCodes).toEqual([]);
      }
    });
  });

  describe('rotating and revoking over HTTP', () => {
    it('rotates your own token: the old one is refused at once, the new one works', async () => {
      const member = await addMember('VIEWER');
      const { rotateToken } = await ok(ROTATE, {}, member.token);
      expect(rotateToken.member).toEqual({ id: member.id, role: 'VIEWER', firmId });
      expect(rotateToken.token).toMatch(/^acc_/);
      expect(codeOf(await gql(ME, {}, member.token))).toBe('UNAUTHENTICATED');
      expect(await signedIn(rotateToken.token)).toBe(member.id);
    });

    it("lets a partner rotate a member's token, and gives a revoked member a working one", async () => {
      const member = await addMember('FACILITATOR');
      expect((await ok(REVOKE, { m: member.id }, partner)).revokeToken).toEqual({ id: member.id, role: 'FACILITATOR', firmId });
      expect(codeOf(await gql(ME, {}, member.token))).toBe('UNAUTHENTICATED');
      // Revoked, not removed: still a member of the firm.
      const { firm } = await ok('query ($f: ID!) { firm(id: $f) { members { id } } }', { f: firmId }, partner);
      expect(firm.members.map((m: { id: string }) => m.id)).toContain(member.id);
      const { rotateToken } = await ok(ROTATE, { m: member.id }, partner);
      expect(await signedIn(rotateToken.token)).toBe(member.id);
      expect(codeOf(await gql(ME, {}, member.token))).toBe('UNAUTHENTICATED');
    });

    it('revokes your own token', async () => {
      const member = await addMember('AUDITOR');
      await ok(REVOKE, {}, member.token);
      expect(codeOf(await gql(ME, {}, member.token))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(ROTATE, {}, member.token))).toBe('UNAUTHENTICATED');
    });

    it.each(['VIEWER', 'AUDITOR', 'FACILITATOR'])("does not let a %s rotate or revoke someone else's token", async (role) => {
      const caller = await addMember(role);
      const target = await addMember('VIEWER');
      expect(codeOf(await gql(ROTATE, { m: target.id }, caller.token))).toBe('FORBIDDEN');
      expect(codeOf(await gql(REVOKE, { m: target.id }, caller.token))).toBe('FORBIDDEN');
      expect(await signedIn(target.token)).toBe(target.id);
      expect(codeOf(await gql(ROTATE, {}, caller.token))).toBeUndefined();
    });

    it("does not let another firm's partner touch a member's token, nor tell whether the member exists", async () => {
      const target = await addMember('VIEWER');
      for (const mutation of [ROTATE, REVOKE]) {
        const result = await gql(mutation, { m: target.id }, otherFirmPartner);
        expect(result.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', id: target.id });
        expect(JSON.stringify(result)).not.toContain('Nell');
      }
      expect(await signedIn(target.token)).toBe(target.id);
    });

    it('refuses without a token, and for a member who left', async () => {
      const gone = await addMember('VIEWER');
      await ok(REMOVE, { f: firmId, m: gone.id }, partner);
      expect(codeOf(await gql(ROTATE, {}, undefined))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(ROTATE, {}, gone.token))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(ROTATE, { m: gone.id }, partner))).toBe('NOT_FOUND');
    });

    it("does not let the firm's last partner who can sign in revoke their own token", async () => {
      const { createFirm } = await ok('mutation { createFirm(input: { name: "Solo", kind: OTHER, founderName: "Sol" }) { token } }', {});
      expect(codeOf(await gql(REVOKE, {}, createFirm.token))).toBe('INVALID_STATE');
      expect(await signedIn(createFirm.token)).toBeDefined();
    });

    it('never shows a token hash in the audit log or the live feed', async () => {
      const member = await addMember('VIEWER');
      const { rotateToken } = await ok(ROTATE, { m: member.id }, partner);
      await ok(REVOKE, { m: member.id }, partner);
      const hashes = [sha256(member.token), sha256(rotateToken.token)];
      const { auditLog } = await ok('query ($f: ID!) { auditLog(firmId: $f, first: 1000) { events { type data } } }', { f: firmId }, partner);
      const rotated = auditLog.events.filter((e: { type: string }) => e.type === 'MemberTokenRotated');
      expect(rotated.length).toBeGreaterThan(0);
      expect(auditLog.events.map((e: { type: string }) => e.type)).toContain('MemberTokenRevoked');
      for (const event of rotated) expect(Object.keys(JSON.parse(event.data)).sort()).toEqual(['firmId', 'memberId', 'rotatedAt']);
      const feed = await subscribed(partner);
      await delivered(feed.events, (event) => event.type === 'MemberTokenRevoked' && JSON.parse(event.data).memberId === member.id);
      const shown = JSON.stringify([auditLog, feed.events.received]);
      expect(hashes.filter((hash) => shown.includes(hash))).toEqual([]);
      expect(shown).not.toContain('tokenHash');
    });

    it('keeps every read model equal to a rebuild from the log', async () => {
      const { stored, fresh } = await readModelsOf({ ACCORD_EVENT_STORE: `sqlite:${server.dataFile}` });
      // Rotated and revoked members included (a revoked token is kept as `revoked:<memberId>`).
      expect(stored.members.filter((row) => String(row.token_hash).startsWith('revoked:')).length).toBeGreaterThan(0);
      expect(diffSnapshots(stored, fresh)).toEqual([]);
      expect((await ok('query ($f: ID!) { verifyIntegrity(firmId: $f) { ok } }', { f: firmId }, partner)).verifyIntegrity.ok).toBe(true);
    });
  });
});

describeWithPostgres('WebSocket lifetime across API instances sharing PostgreSQL', () => {
  const env = { ACCORD_EVENT_STORE: freshPgUrl('accord_events'), ACCORD_READ_STORE: freshPgUrl('accord_read') };
  let writer: ApiServer;
  let other: ApiServer;
  afterAll(async () => {
    await other?.close();
    await writer?.close();
    await dropPgSchema(env.ACCORD_EVENT_STORE);
    await dropPgSchema(env.ACCORD_READ_STORE);
  });

  it("closes a removed member's socket on another instance within 5 s", async () => {
    writer = await startApiServer(env);
    other = await startApiServer({ ...env, ACCORD_PROJECTOR: 'external' });
    const created = await postGraphql<any>(writer, 'mutation { createFirm(input: { name: "Twin", kind: LAW, founderName: "Tess" }) { token firm { id } } }');
    const { token: partner, firm } = created.data!.createFirm;
    const added = await postGraphql<any>(
      writer,
      'mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Vic", role: VIEWER }) { token member { id } } }',
      { f: firm.id },
      partner,
    );
    const member = added.data!.addMember;
    const stays = connectWs(other.wsUrl, partner);
    const socket = connectWs(other.wsUrl, member.token);
    try {
      for (const s of [stays, socket]) await s.subscribe<any>(FIRM_EVENTS, { f: firm.id }).take(1);
      const closing = socket.closed(CLOSE_WITHIN_MS + 2000);
      await postGraphql(writer, REMOVE, { f: firm.id, m: member.member.id }, partner);
      const started = Date.now();
      expect(await closing).toBe(4403);
      expect(Date.now() - started).toBeLessThan(CLOSE_WITHIN_MS);
      expect(stays.closeCodes).toEqual([]);
    } finally {
      await stays.dispose();
      await socket.dispose();
    }
  });
});
