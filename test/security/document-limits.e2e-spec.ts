import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startApiServer, type ApiServer } from '../support/api-server';
import { WHY_QUERY } from '../../bench/graphql/read-requests';

/*
 * Malicious documents against the real server, over HTTP and over a real graphql-ws socket: each is
 * refused with its code in under 50 ms, before anything executes. Then the queries a dashboard
 * really sends still pass, and production mode hides what development shows.
 */
const FAST_MS = 50;

interface Refusal {
  status: number;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  text: string;
  ms: number;
}

/** POSTs `body` as is (a string) or as JSON, timing the round trip. */
async function postRaw(server: ApiServer, body: unknown, headers: Record<string, string> = {}): Promise<Refusal> {
  const started = performance.now();
  const response = await fetch(`${server.httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let errors: Refusal['errors'] = [];
  try {
    errors = (JSON.parse(text) as { errors?: Refusal['errors'] }).errors ?? [];
  } catch {
    // not JSON: the assertions on `errors` fail and show `text`
  }
  return { status: response.status, errors, text, ms };
}

/** A graphql-ws client connected (acknowledged) before it returns, so timings measure only the document. */
async function openSocket(server: ApiServer, token?: string): Promise<{ client: Client; closeCodes: number[] }> {
  const closeCodes: number[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => connected(), closed: (event) => closeCodes.push((event as { code: number }).code) },
  });
  await ready;
  return { client, closeCodes };
}

interface WsOutcome {
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  data: unknown[];
  ms: number;
}

/** Sends one operation over the socket and resolves when it errors or completes. */
function overWs(client: Client, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<WsOutcome> {
  const started = performance.now();
  const data: unknown[] = [];
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query, variables, operationName },
      {
        next: (result) => {
          if (result.errors) resolve({ errors: result.errors as WsOutcome['errors'], data, ms: performance.now() - started });
          else data.push(result.data);
        },
        error: (error) => {
          if (Array.isArray(error)) resolve({ errors: error as WsOutcome['errors'], data, ms: performance.now() - started });
          else reject(new Error(`the socket failed: ${JSON.stringify(error)}`));
        },
        complete: () => resolve({ errors: [], data, ms: performance.now() - started }),
      },
    );
  });
}

const repeat = (count: number, make: (i: number) => string, separator = ' ') => Array.from({ length: count }, (_, i) => make(i)).join(separator);
const nested = (levels: number, field: string, leaf: string) => `${`${field} { `.repeat(levels)}${leaf}${' }'.repeat(levels)}`;
const ID = '"00000000-0000-4000-8000-000000000000"';
/** Costs 1 + 2 × (1 + 10 × (1 + 1 + 10 × (1 + 1 + 2))) = 843. */
const DEBT_ITEMS = 'items { disagreement { positions { text member { id name } } } } paid { disagreement { positions { text member { id name } } } }';

interface Attack {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  code: string;
  /** A part of the message that says why. */
  because?: RegExp;
}

/** `[[[…]]]`, `depth` lists deep. */
function deepList(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i += 1) value = [value];
  return value;
}

/** Every server refuses these, over HTTP and WebSocket alike. */
const ATTACKS: Attack[] = [
  {
    name: 'variables nested 1,000 deep (undeclared: they would reach recursive serialisers unchecked)',
    query: '{ __typename }',
    variables: { x: deepList(1000) },
    code: 'BAD_USER_INPUT',
    because: /nest more than 20 levels/,
  },
  {
    name: 'a mutation input nested 1,000 deep',
    query: 'mutation ($i: CreateFirmInput!) { createFirm(input: $i) { token } }',
    variables: { i: { name: 'Deep', kind: 'LAW', founderName: deepList(1000) } },
    code: 'BAD_USER_INPUT',
    because: /nest more than 20 levels/,
  },
  { name: 'nesting 40 fields deep', query: `{ decision(id: ${ID}) { ${nested(39, 'supersedes', 'id')} } }`, code: 'GRAPHQL_VALIDATION_FAILED', because: /nested 41 fields deep/ },
  {
    name: 'nesting 30 fields deep through fragments',
    query: `{ decision(id: ${ID}) { ...F0 } }\n${repeat(30, (i) => `fragment F${i} on Decision { supersedes { ${i < 29 ? `...F${i + 1}` : 'id'} } }`, '\n')}`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /nested 32 fields deep/,
  },
  {
    name: 'cycling through Decision.why.supersedes 6 times',
    query: `{ decision(id: ${ID}) { ${nested(6, 'why { supersedes', 'id')}${' }'.repeat(6)} } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /nested 14 fields deep/,
  },
  {
    name: 'three nested lists under one decision (cost over the limit)',
    query: `{ decision(id: ${ID}) { why { checks { questions { answers { text vagueTerms member { id name role firmId } } } } } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /costs 7\d\d\d; at most 5000/,
  },
  {
    name: 'nine aliased conflict debts, each within the limit (cost over the limit)',
    query: `{ ${repeat(9, (i) => `d${i}: conflictDebt(firmId: ${ID}) { ${DEBT_ITEMS} }`)} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /costs \d+; at most 5000/,
  },
  {
    name: 'fragments spreading each other 2^40 times (fragment bomb)',
    query: `{ ...F0 }\n${repeat(40, (i) => `fragment F${i} on Query { ${i < 39 ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`, '\n')}`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /costs more than 5000/,
  },
  { name: '100 aliases of __typename (alias flood)', query: `{ ${repeat(100, (i) => `a${i}: __typename`)} }`, code: 'GRAPHQL_VALIDATION_FAILED', because: /100 aliases; at most 20/ },
  {
    name: '25 aliased createFirm mutations (alias flood of writes)',
    query: `mutation { ${repeat(25, (i) => `f${i}: createFirm(input: { name: "Flood ${i}", kind: LAW, founderName: "F" }) { token }`)} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    because: /25 aliases; at most 20/,
  },
  { name: '1,500 repeated fields (token flood)', query: `{ ${repeat(1500, () => '__typename')} }`, code: 'GRAPHQL_PARSE_FAILED', because: /more that 1000 tokens/ },
  {
    name: 'a 10,000-element list argument (token flood in an argument)',
    query: `mutation { openCheck(firmId: ${ID}, input: { participantIds: [${repeat(10_000, () => '"x"', ',')}] }) { id } }`,
    code: 'GRAPHQL_PARSE_FAILED',
    because: /more that 1000 tokens/,
  },
  {
    name: '400 fragments (fragment flood)',
    query: `{ ${repeat(400, (i) => `...F${i}`)} }\n${repeat(400, (i) => `fragment F${i} on Query { __typename }`, '\n')}`,
    code: 'GRAPHQL_PARSE_FAILED',
    because: /more that 1000 tokens/,
  },
  { name: 'a fragment cycle', query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', code: 'GRAPHQL_VALIDATION_FAILED', because: /Cannot spread fragment "A" within itself/ },
  { name: 'a fragment spreading itself', query: '{ ...S } fragment S on Query { __typename ...S }', code: 'GRAPHQL_VALIDATION_FAILED', because: /within itself/ },
  { name: '40 @skip directives on one field (directive flood)', query: `{ ${repeat(40, () => '__typename @skip(if: false)')} }`, code: 'GRAPHQL_VALIDATION_FAILED', because: /40 directives; at most 20/ },
  { name: '30 @include on the same field (repeated directive)', query: `{ __typename ${repeat(30, () => '@include(if: true)')} }`, code: 'GRAPHQL_VALIDATION_FAILED', because: /can only be used once/ },
  { name: 'an unknown directive', query: '{ __typename @admin }', code: 'GRAPHQL_VALIDATION_FAILED', because: /Unknown directive/ },
  { name: 'an unterminated string', query: '{ firm(id: "x) { name } }', code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a document of only a comment', query: '# nothing here', code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'two operations and no operationName', query: 'query A { __typename } query B { __typename }', code: 'BAD_REQUEST', because: /Must provide operation name/ },
  { name: 'an operationName the document does not have', query: 'query A { __typename }', operationName: 'B', code: 'BAD_REQUEST', because: /Unknown operation named "B"/ },
];

/** Refused only in production: introspection and probing for names. */
const PRODUCTION_ATTACKS: Attack[] = [
  { name: 'introspection of __schema', query: '{ __schema { types { name fields { name } } } }', code: 'GRAPHQL_VALIDATION_FAILED', because: /introspection/ },
  { name: 'introspection of one __type', query: '{ __type(name: "Decision") { fields { name } } }', code: 'GRAPHQL_VALIDATION_FAILED', because: /introspection/ },
  { name: 'introspection hidden in a fragment', query: '{ ...F } fragment F on Query { __schema { queryType { name } } }', code: 'GRAPHQL_VALIDATION_FAILED', because: /introspection/ },
  { name: 'the standard introspection query', query: getIntrospectionQuery(), code: 'GRAPHQL_VALIDATION_FAILED', because: /introspection/ },
];

/** Misspelt names whose errors suggest the real ones in development ("Did you mean …?"). */
const PROBES: Array<{ name: string; query: string; variables?: Record<string, unknown>; code: string }> = [
  { name: 'a misspelt field', query: `{ firm(id: ${ID}) { nme } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a misspelt argument', query: `{ firm(idd: ${ID}, id: ${ID}) { name } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a misspelt enum value', query: 'mutation { createFirm(input: { name: "A", kind: LAWW, founderName: "B" }) { token } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a misspelt type', query: 'query ($f: CreateFirmInputt) { __typename }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a misspelt enum value in variables', query: 'mutation ($i: CreateFirmInput!) { createFirm(input: $i) { token } }', variables: { i: { name: 'A', kind: 'LAWW', founderName: 'B' } }, code: 'BAD_USER_INPUT' },
];

function expectRefused(outcome: { errors: Refusal['errors']; ms: number }, attack: Pick<Attack, 'code' | 'because'>, text?: string): void {
  if (outcome.errors.length === 0) throw new Error(`not refused: ${text ?? JSON.stringify(outcome)}`);
  expect(new Set(outcome.errors.map((e) => e.extensions?.code))).toEqual(new Set([attack.code]));
  if (attack.because) expect(outcome.errors.map((e) => e.message).join('\n')).toMatch(attack.because);
  for (const error of outcome.errors) expect(Object.keys(error.extensions ?? {})).toEqual(['code']);
  expect(outcome.ms).toBeLessThan(FAST_MS);
}

async function warmUp(server: ApiServer, client: Client): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await postRaw(server, { query: '{ __typename }' });
    await postRaw(server, { query: '{ nope }' });
    await overWs(client, '{ __typename }');
    await overWs(client, '{ nope }');
  }
}

async function headPosition(server: ApiServer): Promise<number> {
  const result = await postRaw(server, { query: '{ serverStatus { headPosition } }' });
  return (JSON.parse(result.text) as { data: { serverStatus: { headPosition: number } } }).data.serverStatus.headPosition;
}

describe('document limits', () => {
  let development: ApiServer;
  let production: ApiServer;
  let devSocket: { client: Client; closeCodes: number[] };
  let prodSocket: { client: Client; closeCodes: number[] };

  beforeAll(async () => {
    [development, production] = await Promise.all([startApiServer(), startApiServer({ NODE_ENV: 'production' })]);
    [devSocket, prodSocket] = await Promise.all([openSocket(development), openSocket(production)]);
    await warmUp(development, devSocket.client);
    await warmUp(production, prodSocket.client);
  });

  afterAll(async () => {
    await Promise.all([devSocket?.client.dispose(), prodSocket?.client.dispose()]);
    await Promise.all([development?.close(), production?.close()]);
  });

  describe.each([
    ['development', () => development, () => devSocket],
    ['production', () => production, () => prodSocket],
  ] as const)('in %s, a malicious document', (_mode, server, socket) => {
    describe.each(ATTACKS)('$name', (attack) => {
      it(`is refused over HTTP with ${attack.code} in under ${FAST_MS} ms`, async () => {
        const before = await headPosition(server());
        const outcome = await postRaw(server(), { query: attack.query, variables: attack.variables, operationName: attack.operationName });
        expect(outcome.status).toBe(400);
        expectRefused(outcome, attack, outcome.text);
        expect(await headPosition(server())).toBe(before);
      });

      it(`is refused over WebSocket with ${attack.code} in under ${FAST_MS} ms, and the socket stays open`, async () => {
        const outcome = await overWs(socket().client, attack.query, attack.variables, attack.operationName);
        expect(outcome.data).toEqual([]);
        expectRefused(outcome, attack);
        expect((await overWs(socket().client, '{ __typename }')).data).toEqual([{ __typename: 'Query' }]);
        expect(socket().closeCodes).toEqual([]);
      });
    });
  });

  describe.each(PRODUCTION_ATTACKS)('in production, $name', (attack) => {
    it(`is refused over HTTP with ${attack.code} in under ${FAST_MS} ms`, async () => {
      const outcome = await postRaw(production, { query: attack.query });
      expect(outcome.status).toBe(400);
      expectRefused(outcome, attack, outcome.text);
    });

    it(`is refused over WebSocket with ${attack.code} in under ${FAST_MS} ms`, async () => {
      expectRefused(await overWs(prodSocket.client, attack.query), attack);
    });

    it('is answered in development', async () => {
      const outcome = await postRaw(development, { query: attack.query });
      expect(outcome.status).toBe(200);
      expect(outcome.errors).toEqual([]);
      expect((await overWs(devSocket.client, attack.query)).errors).toEqual([]);
    });
  });

  describe.each(PROBES)('probing with $name', (probe) => {
    it(`is answered ${probe.code} with no suggestion in production, over HTTP and WebSocket, in under ${FAST_MS} ms`, async () => {
      const overHttp = await postRaw(production, { query: probe.query, variables: probe.variables });
      const overSocket = await overWs(prodSocket.client, probe.query, probe.variables);
      for (const outcome of [overHttp, overSocket]) {
        expectRefused(outcome, { code: probe.code });
        expect(outcome.errors.map((e) => e.message).join('\n')).not.toMatch(/did you mean/i);
      }
    });

    it('suggests the real name in development', async () => {
      const outcome = await postRaw(development, { query: probe.query, variables: probe.variables });
      expect(outcome.errors.map((e) => e.message).join('\n')).toMatch(/Did you mean/);
    });
  });

  describe.each([
    ['development', () => development],
    ['production', () => production],
  ] as const)('in %s, a malicious HTTP request', (_mode, server) => {
    it(`batching two operations in an array is refused with BAD_REQUEST in under ${FAST_MS} ms`, async () => {
      const outcome = await postRaw(server(), [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(outcome.status).toBe(400);
      expectRefused(outcome, { code: 'BAD_REQUEST', because: /batching/i }, outcome.text);
    });

    it(`a persisted-query hash without the document is refused with BAD_REQUEST in under ${FAST_MS} ms: every document is sent and limited`, async () => {
      const outcome = await postRaw(server(), { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
      expect(outcome.status).toBe(200); // Apollo answers persisted-query refusals 200, as the protocol's clients expect
      expectRefused(outcome, { code: 'BAD_REQUEST', because: /persisted/i }, outcome.text);
    });

    it(`batching 1,000 createFirm mutations is refused with BAD_REQUEST in under ${FAST_MS} ms, and nothing is written`, async () => {
      const before = await headPosition(server());
      const batch = Array.from({ length: 1000 }, (_, i) => ({ query: `mutation { createFirm(input: { name: "B${i}", kind: LAW, founderName: "B" }) { token } }` }));
      const outcome = await postRaw(server(), batch);
      expect(outcome.status).toBe(400);
      expectRefused(outcome, { code: 'BAD_REQUEST' }, outcome.text);
      expect(await headPosition(server())).toBe(before);
    });

    it(`a 2 MB body is refused with 413 PAYLOAD_TOO_LARGE as JSON in under ${FAST_MS} ms`, async () => {
      const outcome = await postRaw(server(), { query: '{ __typename }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } });
      expect(outcome.status).toBe(413);
      expectRefused(outcome, { code: 'PAYLOAD_TOO_LARGE' }, outcome.text);
    });

    it(`a body that is not JSON is refused with BAD_REQUEST as JSON, no HTML page or stack, in under ${FAST_MS} ms`, async () => {
      const outcome = await postRaw(server(), '{"query": "{ __typename }"');
      expect(outcome.status).toBe(400);
      expectRefused(outcome, { code: 'BAD_REQUEST' }, outcome.text);
      expect(outcome.text).not.toMatch(/<html|<pre|\bat .*\.js:\d+/i);
    });
  });

  describe('the explorer page', () => {
    const page = (server: ApiServer) => fetch(`${server.httpUrl}/graphql`, { headers: { accept: 'text/html' } }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), text: await r.text() }));

    it('is served in development', async () => {
      const answer = await page(development);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<title>Accord GraphQL</title>');
    });

    it('is off in production: GET /graphql without a query is refused as JSON', async () => {
      const answer = await page(production);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/application\/json/);
      expect(answer.text).not.toContain('<html');
    });
  });

  describe('legitimate queries', () => {
    let token: string;
    let newest: string;
    /** depth 10: the decision, what it superseded, and what that superseded, with every position. */
    const DEEP_WHY = `query ($d: ID!) { decision(id: $d) { title why { summary supersedes { title why { summary supersedes { title
      why { summary alternatives endorsements { at member { name } } resolved { topic positions { text member { name role } } } checks { id } } } } } } } }`;

    beforeAll(async () => {
      const founded = await postRaw(development, { query: 'mutation { createFirm(input: { name: "Deep", kind: LAW, founderName: "Ann" }) { token firm { id } member { id } } }' });
      const { token: founderToken, firm, member } = (JSON.parse(founded.text) as { data: { createFirm: { token: string; firm: { id: string }; member: { id: string } } } }).data.createFirm;
      token = founderToken;
      const call = async (query: string, variables: Record<string, unknown>) => {
        const result = await postRaw(development, { query, variables }, { authorization: `Bearer ${token}` });
        const body = JSON.parse(result.text) as { data?: Record<string, { id: string }>; errors?: unknown };
        if (!body.data) throw new Error(result.text);
        return Object.values(body.data)[0].id;
      };
      const disagreement = await call('mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
        f: firm.id,
        i: { topic: 'Which clients first?', layer: 'VISION', positions: [{ memberId: member.id, text: 'Family businesses' }] },
      });
      let previous: string | undefined;
      for (const [n, title] of ['First', 'Second', 'Third'].entries()) {
        const input = { title, outcome: `Outcome ${n}`, chosenAnswer: `Answer ${n}`, alternatives: [`Other ${n}`], rationale: `Because ${n}`, layer: 'VISION', supersedes: previous, resolves: n === 0 ? [disagreement] : [] };
        const proposed = await call('mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', { f: firm.id, i: input });
        await call('mutation ($d: ID!) { endorseDecision(decisionId: $d) { id } }', { d: proposed });
        previous = proposed;
      }
      newest = previous!;
    });

    it('Decision.why through two supersedes with every position (depth 10) passes over HTTP and WebSocket', async () => {
      const overHttp = await postRaw(development, { query: DEEP_WHY, variables: { d: newest } }, { authorization: `Bearer ${token}` });
      expect(overHttp.errors).toEqual([]);
      const deepest = (JSON.parse(overHttp.text) as any).data.decision.why.supersedes.why.supersedes;
      expect(deepest.title).toBe('First');
      expect(deepest.why.resolved[0].positions).toEqual([{ text: 'Family businesses', member: { name: 'Ann', role: 'PARTNER' } }]);

      const socket = await openSocket(development, token);
      const overSocket = await overWs(socket.client, DEEP_WHY, { d: newest });
      await socket.client.dispose();
      expect(overSocket.errors).toEqual([]);
      expect(overSocket.data).toEqual([(JSON.parse(overHttp.text) as { data: unknown }).data]);
    });

    it('the benchmark\'s Decision.why, the costliest query of the tests (cost 626), passes in production', async () => {
      const outcome = await postRaw(production, { query: WHY_QUERY, variables: { id: newest } });
      expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']); // executed, not refused
    });

    it('a dashboard\'s live feed subscription passes over WebSocket', async () => {
      const socket = await openSocket(development, token);
      const firmId = (JSON.parse((await postRaw(development, { query: '{ me { firmId } }' }, { authorization: `Bearer ${token}` })).text) as any).data.me.firmId;
      const events: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        const stop = socket.client.subscribe(
          { query: 'subscription ($f: ID!) { firmEvents(firmId: $f, afterPosition: 0) { position type streamId } }', variables: { f: firmId } },
          {
            next: (result) => {
              if (result.errors) reject(new Error(JSON.stringify(result.errors)));
              events.push(result.data);
              if (events.length === 3) {
                // The catch-up may deliver a few more before the stop reaches the server.
                stop();
                resolve();
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await socket.client.dispose();
      expect(events.slice(0, 3).map((event) => (event as { firmEvents: { type: string } }).firmEvents.type)).toEqual(['FirmFounded', 'DisagreementRaised', 'DecisionProposed']);
    });

    it('the standard introspection query (what code generators send) passes in development', async () => {
      const outcome = await postRaw(development, { query: getIntrospectionQuery() });
      expect(outcome.errors).toEqual([]);
      expect((JSON.parse(outcome.text) as any).data.__schema.queryType.name).toBe('Query');
    });
  });

  describe('with the limits set by ACCORD_* variables', () => {
    let custom: ApiServer;
    let socket: { client: Client; closeCodes: number[] };

    beforeAll(async () => {
      custom = await startApiServer({ ACCORD_MAX_DEPTH: '3', ACCORD_MAX_COST: '30', ACCORD_MAX_ALIASES: '1', ACCORD_MAX_TOKENS: '40', ACCORD_MAX_BODY_BYTES: '4096', ACCORD_HTTP_BATCHING: 'true' });
      socket = await openSocket(custom);
    });

    afterAll(async () => {
      await socket?.client.dispose();
      await custom?.close();
    });

    it.each([
      ['ACCORD_MAX_DEPTH', `{ decision(id: ${ID}) { supersedes { supersedes { id } } } }`, 'GRAPHQL_VALIDATION_FAILED', /nested 4 fields deep; at most 3/],
      ['ACCORD_MAX_COST', `{ firm(id: ${ID}) { members { id name role firmId } } }`, 'GRAPHQL_VALIDATION_FAILED', /costs 42; at most 30/],
      ['ACCORD_MAX_ALIASES', '{ a: __typename b: __typename }', 'GRAPHQL_VALIDATION_FAILED', /2 aliases; at most 1/],
      ['ACCORD_MAX_TOKENS', `{ ${repeat(40, () => '__typename')} }`, 'GRAPHQL_PARSE_FAILED', /more that 40 tokens/],
    ])('%s is applied over HTTP and WebSocket', async (_variable, query, code, because) => {
      expectRefused(await postRaw(custom, { query }), { code, because });
      expectRefused(await overWs(socket.client, query), { code, because });
      const within = '{ decision(id: "x") { supersedes { id } } }';
      expect((await postRaw(custom, { query: within })).errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    });

    it('ACCORD_MAX_BODY_BYTES is applied to HTTP bodies and WebSocket messages', async () => {
      const padding = 'x'.repeat(5000);
      const outcome = await postRaw(custom, { query: '{ __typename }', variables: { padding } });
      expect(outcome.status).toBe(413);
      expectRefused(outcome, { code: 'PAYLOAD_TOO_LARGE' }, outcome.text);
      expect((await postRaw(custom, { query: '{ __typename }', variables: { padding: padding.slice(0, 3000) } })).status).toBe(200);

      const large = await openSocket(custom);
      await expect(overWs(large.client, '{ __typename }', { padding })).rejects.toThrow('the socket failed');
      expect(large.closeCodes).toEqual([1009]);
      await large.client.dispose();
    });

    it('ACCORD_HTTP_BATCHING=true answers an array of operations with an array of results', async () => {
      const outcome = await postRaw(custom, [{ query: '{ __typename }' }, { query: '{ a: __typename }' }]);
      expect(outcome.status).toBe(200);
      expect(JSON.parse(outcome.text)).toEqual([{ data: { __typename: 'Query' } }, { data: { a: 'Query' } }]);
    });
  });

  describe('over WebSocket, a message larger than ACCORD_MAX_BODY_BYTES', () => {
    it('closes the socket with 1009 (Message Too Big) without reading it', async () => {
      const socket = await openSocket(development);
      const outcome = overWs(socket.client, '{ __typename }', { padding: 'x'.repeat(2 * 1024 * 1024) }).catch((error: Error) => error);
      expect(await outcome).toBeInstanceOf(Error);
      expect(socket.closeCodes).toEqual([1009]);
      await socket.client.dispose();
    });
  });
});
