import { freshPgUrl, dropPgSchema, describeWithPostgresAndRedis, testRedisUrl } from '@accord/event-store/testing/services';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Environment } from '../../apps/api/src/config/load-config';
import { ManualClock, postGraphql, startApiServer, type ApiServer } from '../support/api-server';

type Result = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const CREATE_FIRM = 'mutation ($name: String!) { createFirm(input: { name: $name, kind: LAW, founderName: "Founder" }) { token firm { id } } }';
const ADD_MEMBER = 'mutation ($f: ID!, $n: String!) { addMember(firmId: $f, input: { name: $n, role: PARTNER }) { member { id } } }';
const MEMBERS = 'query ($f: ID!) { firm(id: $f) { members { name } } }';
const HEAD = '{ serverStatus { headPosition } }';
const OPERATOR_TOKEN = 'op_5f0c7d0e9a8b4c3d2e1f0a9b8c7d6e5f4a3b';

/** POSTs like postGraphql, but keeps the HTTP status and headers. */
async function post(server: ApiServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Result };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createFirm(server: ApiServer, name: string, headers: Record<string, string> = {}): Promise<{ token: string; firmId: string }> {
  const { body } = await post(server, CREATE_FIRM, { name }, headers);
  if (!body.data) throw new Error(`createFirm failed: ${JSON.stringify(body.errors)}`);
  return { token: body.data.createFirm.token, firmId: body.data.createFirm.firm.id };
}

const codeOf = (result: Result) => result.errors?.[0]?.extensions?.code;

function advance(clock: ManualClock, ms: number): void {
  clock.set(new Date(Date.parse(clock.now()) + ms).toISOString());
}

async function headPosition(server: ApiServer): Promise<number> {
  return ((await postGraphql<{ serverStatus: { headPosition: number } }>(server, HEAD)).data as { serverStatus: { headPosition: number } }).serverStatus.headPosition;
}

/** Runs one operation over a graphql-ws socket and resolves with its single result. */
function overWs(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    let result: Result | undefined;
    client.subscribe({ query, variables }, {
      next: (value) => (result = value as Result),
      error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
      complete: () => resolve(result ?? {}),
    });
  });
}

function wsClient(server: ApiServer, token?: string): Client {
  return createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: token ? bearer(token) : {}, lazy: true, retryAttempts: 0 });
}

const limits = (perToken: number, perIp: number, signups: number): Environment => ({
  ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN: String(perToken),
  ACCORD_MUTATIONS_PER_MINUTE_PER_IP: String(perIp),
  ACCORD_SIGNUPS_PER_HOUR_PER_IP: String(signups),
});

describe('rate limits (attacks on the real server)', () => {
  describe('mutations per token', () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    let server: ApiServer;
    let ada: { token: string; firmId: string };
    let bea: { token: string; firmId: string };

    beforeAll(async () => {
      server = await startApiServer(limits(3, 0, 0), { clock });
      ada = await createFirm(server, 'Ada & Co');
      bea = await createFirm(server, 'Bea & Co');
    });
    afterAll(() => server.close());

    it('refuses the fourth mutation of a token within the minute with TOO_MANY_REQUESTS, retryAfterSeconds and Retry-After, and writes nothing', async () => {
      for (const name of ['One', 'Two', 'Three']) {
        expect((await post(server, ADD_MEMBER, { f: ada.firmId, n: name }, bearer(ada.token))).body.errors).toBeUndefined();
      }
      const head = await headPosition(server);
      const refused = await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Four' }, bearer(ada.token));
      expect(refused.status).toBe(429); // nothing ran: the throttle shows in the HTTP status too
      expect(refused.retryAfter).toBe('20'); // a token back every 60 s / 3
      expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 20 } })]);
      expect(refused.body.errors?.[0].message).toMatch(/too many mutations for this token/);
      expect(await headPosition(server)).toBe(head);
      const members = (await postGraphql<any>(server, MEMBERS, { f: ada.firmId }, ada.token)).data.firm.members.map((m: { name: string }) => m.name);
      expect(members).toEqual(expect.arrayContaining(['One', 'Two', 'Three']));
      expect(members).not.toContain('Four');
    });

    it('leaves another token of the same address unaffected', async () => {
      const result = await post(server, ADD_MEMBER, { f: bea.firmId, n: 'Other' }, bearer(bea.token));
      expect(result.body.errors).toBeUndefined();
      expect(result.retryAfter).toBeNull();
    });

    it('does not limit queries', async () => {
      for (let i = 0; i < 10; i++) expect(codeOf(await postGraphql(server, MEMBERS, { f: ada.firmId }, ada.token))).toBeUndefined();
    });

    it('counts each mutation field of a document: an alias flood gets no more through', async () => {
      advance(clock, 60_000);
      const flood = `mutation ($f: ID!) { ${[1, 2, 3, 4, 5].map((i) => `m${i}: addMember(firmId: $f, input: { name: "Alias ${i}", role: PARTNER }) { member { id } }`).join(' ')} }`;
      const result = await post(server, flood, { f: ada.firmId }, bearer(ada.token));
      expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REQUESTS']);
      expect(result.retryAfter).toBe('20');
      // Mutations run one after another: the first three got through; the refused fourth (non-null) ends the operation.
      expect(result.body.data).toBeNull();
      const members = (await postGraphql<any>(server, MEMBERS, { f: ada.firmId }, ada.token)).data.firm.members.map((m: { name: string }) => m.name);
      expect(members.filter((name: string) => name.startsWith('Alias'))).toEqual(['Alias 1', 'Alias 2', 'Alias 3']);
    });

    it('lets one more through per refill interval, and the whole budget after a minute', async () => {
      advance(clock, 19_000);
      expect(codeOf((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Early' }, bearer(ada.token))).body)).toBe('TOO_MANY_REQUESTS');
      advance(clock, 1_000);
      expect(codeOf((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Refilled' }, bearer(ada.token))).body)).toBeUndefined();
      expect(codeOf((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Again' }, bearer(ada.token))).body)).toBe('TOO_MANY_REQUESTS');
      advance(clock, 60_000);
      for (const name of ['A', 'B', 'C']) expect(codeOf((await post(server, ADD_MEMBER, { f: ada.firmId, n: name }, bearer(ada.token))).body)).toBeUndefined();
      expect(codeOf((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'D' }, bearer(ada.token))).body)).toBe('TOO_MANY_REQUESTS');
    });

    it('limits mutations over graphql-ws the same way, from the same budget as HTTP', async () => {
      advance(clock, 60_000);
      const client = wsClient(server, ada.token);
      try {
        expect((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Http' }, bearer(ada.token))).body.errors).toBeUndefined();
        expect((await overWs(client, ADD_MEMBER, { f: ada.firmId, n: 'Ws 1' })).errors).toBeUndefined();
        expect((await overWs(client, ADD_MEMBER, { f: ada.firmId, n: 'Ws 2' })).errors).toBeUndefined();
        const refused = await overWs(client, ADD_MEMBER, { f: ada.firmId, n: 'Ws 3' });
        expect(refused.errors).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 20 } })]);
        expect((await overWs(client, MEMBERS, { f: ada.firmId })).data?.firm.members.map((m: { name: string }) => m.name)).not.toContain('Ws 3');
      } finally {
        await client.dispose();
      }
    });
  });

  describe('mutations per address', () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer(limits(0, 3, 0));
    });
    afterAll(() => server.close());

    it('counts every caller from one address, sign-ups and members alike, over HTTP and graphql-ws, and ignores a forged X-Forwarded-For', async () => {
      const ada = await createFirm(server, 'Ip One');
      const client = wsClient(server, ada.token);
      try {
        expect((await overWs(client, ADD_MEMBER, { f: ada.firmId, n: 'Over ws' })).errors).toBeUndefined();
        expect((await post(server, ADD_MEMBER, { f: ada.firmId, n: 'Third' }, bearer(ada.token))).body.errors).toBeUndefined();
        const forged = await post(server, CREATE_FIRM, { name: 'Ip Two' }, { 'x-forwarded-for': '198.51.100.23' });
        expect(forged.retryAfter).toBe('20');
        expect(forged.body.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 20 } });
        expect(forged.body.errors?.[0].message).toMatch(/from this address/);
        expect(codeOf(await overWs(client, ADD_MEMBER, { f: ada.firmId, n: 'Over ws again' }))).toBe('TOO_MANY_REQUESTS');
      } finally {
        await client.dispose();
      }
    });
  });

  describe('mutations per address behind a trusted proxy (ACCORD_TRUST_PROXY=1)', () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({ ...limits(0, 1, 0), ACCORD_TRUST_PROXY: '1' });
    });
    afterAll(() => server.close());

    it('counts the address the proxy appended, not what the client wrote before it', async () => {
      const via = (entries: string) => ({ 'x-forwarded-for': entries });
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Proxy A' }, via('198.51.100.1'))).body)).toBeUndefined();
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Proxy B' }, via('198.51.100.2'))).body)).toBeUndefined();
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Proxy C' }, via('6.6.6.6, 198.51.100.1'))).body)).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('sign-ups per address', () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer(limits(0, 0, 2), { clock });
    });
    afterAll(() => server.close());

    it('refuses the third createFirm of the hour, creating no firm, and lets one through after half an hour', async () => {
      const first = await createFirm(server, 'Signup 1');
      await createFirm(server, 'Signup 2');
      const head = await headPosition(server);
      const refused = await post(server, CREATE_FIRM, { name: 'Signup 3' });
      expect(refused.retryAfter).toBe('1800');
      expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1800 } });
      expect(refused.body.errors?.[0].message).toMatch(/sign-ups from this address/);
      expect(await headPosition(server)).toBe(head);
      // Other mutations from the address are not sign-ups.
      expect(codeOf((await post(server, ADD_MEMBER, { f: first.firmId, n: 'Not a signup' }, bearer(first.token))).body)).toBeUndefined();
      advance(clock, 30 * 60_000);
      expect((await createFirm(server, 'Signup 4')).token).toMatch(/^acc_/);
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Signup 5' })).body)).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('closed sign-up (ACCORD_OPEN_SIGNUP=false) with an operator token', () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({ ...limits(0, 0, 3), ACCORD_OPEN_SIGNUP: 'false', ACCORD_OPERATOR_TOKEN: OPERATOR_TOKEN });
    });
    afterAll(() => server.close());

    it('refuses createFirm without a token, and with a wrong one, with FORBIDDEN and creates nothing; guesses count as sign-ups', async () => {
      const head = await headPosition(server);
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Anonymous' })).body)).toBe('FORBIDDEN');
      const wrong = OPERATOR_TOKEN.slice(0, -1) + (OPERATOR_TOKEN.endsWith('b') ? 'c' : 'b');
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Guess' }, bearer(wrong))).body)).toBe('FORBIDDEN');
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Prefix' }, bearer(OPERATOR_TOKEN.slice(0, 20)))).body)).toBe('FORBIDDEN');
      expect(await headPosition(server)).toBe(head);
      // Three attempts used the address's three sign-ups: guessing the operator token is rate limited.
      expect(codeOf((await post(server, CREATE_FIRM, { name: 'Guess 4' }, bearer(wrong))).body)).toBe('TOO_MANY_REQUESTS');
    });

    it('creates firms with the operator token, exempt from the sign-up limit; the founder token works', async () => {
      const first = await createFirm(server, 'Operated 1', bearer(OPERATOR_TOKEN));
      const second = await createFirm(server, 'Operated 2', bearer(OPERATOR_TOKEN));
      expect(second.firmId).not.toBe(first.firmId);
      const me = await postGraphql<any>(server, '{ me { name } }', {}, first.token);
      expect(me.data.me.name).toBe('Founder');
    });

    it('does not make the operator a member of any firm', async () => {
      const founded = await createFirm(server, 'Operated 3', bearer(OPERATOR_TOKEN));
      expect((await postGraphql<any>(server, '{ me { name } }', {}, OPERATOR_TOKEN)).data.me).toBeNull();
      expect(codeOf(await postGraphql(server, MEMBERS, { f: founded.firmId }, OPERATOR_TOKEN))).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    });
  });
});

describeWithPostgresAndRedis('rate limits shared through Redis by two API instances', () => {
  const env: Environment = {
    ...limits(3, 0, 2),
    ACCORD_EVENT_STORE: freshPgUrl('accord_rate_events'),
    ACCORD_READ_STORE: freshPgUrl('accord_rate_read'),
    REDIS_URL: testRedisUrl(),
    ACCORD_LIVE_CHANNEL: `accord:test:rate:${Date.now()}:${Math.random()}`,
  };
  const servers: ApiServer[] = [];
  beforeAll(async () => {
    // The first runs the projections; the second shares the store and waits for them, as a scaled-out deployment does.
    servers.push(await startApiServer(env));
    servers.push(await startApiServer({ ...env, ACCORD_PROJECTOR: 'external' }));
  });
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close();
    await dropPgSchema(env.ACCORD_EVENT_STORE!);
    await dropPgSchema(env.ACCORD_READ_STORE!);
  });

  it('enforces one per-token limit and one sign-up limit across both', async () => {
    const [a, b] = servers;
    const ada = await createFirm(a, 'Shared 1');
    await createFirm(b, 'Shared 2');
    expect(codeOf((await post(a, CREATE_FIRM, { name: 'Shared 3' })).body)).toBe('TOO_MANY_REQUESTS');
    expect(codeOf((await post(b, CREATE_FIRM, { name: 'Shared 3' })).body)).toBe('TOO_MANY_REQUESTS');
    for (const [server, name] of [[a, 'One'], [b, 'Two'], [a, 'Three']] as const) {
      expect((await post(server, ADD_MEMBER, { f: ada.firmId, n: name }, bearer(ada.token))).body.errors).toBeUndefined();
    }
    const refused = await post(b, ADD_MEMBER, { f: ada.firmId, n: 'Four' }, bearer(ada.token));
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    expect(refused.retryAfter).toMatch(/^(19|20)$/);
  });
});
