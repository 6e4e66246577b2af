import { postGraphql, startApiServer, type ApiServer } from '../support/api-server';
import { connectWs, type WsConnection } from '../support/ws-client';

/**
 * Every operation of the schema against every kind of caller: allowed, or refused with the exact
 * `extensions.code` — a refusal appends nothing and carries nothing of the firm. The tables are keyed by
 * field name and checked against the live schema, so a new query, mutation or subscription without a row fails.
 */

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
/** `left`: a member the firm removed, still holding their token. */
type Caller = 'partner' | 'facilitator' | 'auditor' | 'viewer' | 'otherFirm' | 'noToken' | 'badToken' | 'left';
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';

const CALLERS: readonly Caller[] = ['partner', 'facilitator', 'auditor', 'viewer', 'otherFirm', 'noToken', 'badToken', 'left'];
const NOBODY = { otherFirm: 'FORBIDDEN', noToken: 'UNAUTHENTICATED', badToken: 'UNAUTHENTICATED', left: 'UNAUTHENTICATED' } as const;
/** Another firm's record named by its id is answered as an unknown id: whether it exists is not told. */
const BY_ID = { otherFirm: 'NOT_FOUND' } as const;
/** Partners only. */
const PARTNERS = { partner: 'ok', facilitator: 'FORBIDDEN', auditor: 'FORBIDDEN', viewer: 'FORBIDDEN', ...NOBODY } as const;
/** Partners and facilitators. */
const RUNNERS = { ...PARTNERS, facilitator: 'ok' } as const;
/** Every member of the firm. */
const READERS = { partner: 'ok', facilitator: 'ok', auditor: 'ok', viewer: 'ok', ...NOBODY } as const;
/** The raw history: partners and auditors. */
const AUDITORS = { ...PARTNERS, auditor: 'ok' } as const;

/**
 * Fields that need no token, each with why that is safe: what they tell is proven in access.e2e-spec.ts
 * (`serverStatus`, `globalPosition`) or below (`me`, `createFirm`).
 */
const TOKENLESS: Record<string, string> = {
  me: 'null without a token',
  createFirm: 'open sign-up (ACCORD_OPEN_SIGNUP)',
  serverStatus: 'global counters only, like GET /health',
  globalPosition: 'global counters only, like GET /health',
};

const QUESTIONS = [
  { key: 'client_outcome', prompt: 'When we do our job well, what do clients stop worrying about?' },
  { key: 'optimizing_for', prompt: 'What are we optimizing for this year?' },
  { key: 'refuse_to_do', prompt: 'What do we refuse to do?' },
];

describe('roles: who may do what', () => {
  let server: ApiServer;
  let firmId: string;
  const tokens: Partial<Record<Caller | 'partner2', string>> = { badToken: 'acc_this-token-was-never-issued' };
  const ids: Record<string, string> = {};
  const sockets: WsConnection[] = [];

  const gql = (caller: Caller | 'partner2', query: string, variables: Record<string, unknown> = {}): Promise<Result> =>
    postGraphql<any>(server, query, variables, tokens[caller]);
  async function ok(caller: Caller | 'partner2', query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const result = await gql(caller, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }
  const head = async () => (await ok('noToken', '{ serverStatus { headPosition } }')).serverStatus.headPosition as number;

  // Fixtures made by partners, fresh for each case that may succeed.
  const newMember = async (role = 'VIEWER') =>
    (await ok('partner', 'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { member { id } } }', { f: firmId, i: { name: 'Nell', role } })).addMember.member.id as string;
  const openedCheck = async () => (await ok('partner', 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId })).openCheck.id as string;
  const revealedCheck = async () => {
    const c = await openedCheck();
    await ok('partner', 'mutation ($c: ID!) { revealCheck(checkId: $c) { id } }', { c });
    return c;
  };
  const judgedCheck = async () => {
    const c = await revealedCheck();
    for (const { key } of QUESTIONS) await ok('partner', 'mutation ($c: ID!, $k: String!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: MATCH) { id } }', { c, k: key });
    return c;
  };
  const raisedDisagreement = async () =>
    (
      await ok('partner', 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
        f: firmId,
        i: { topic: 'Office in Leeds?', layer: 'PEOPLE', positions: [{ memberId: ids.partner, text: 'Yes' }, { memberId: ids.partner2, text: 'No' }] },
      })
    ).raiseDisagreement.id as string;
  const proposal = () => ({ title: 'Fixed fees', outcome: 'Predictable bills', chosenAnswer: 'Fixed fees for advisory work', alternatives: ['Hourly'], rationale: 'Clients asked', layer: 'PROCESS' });
  const proposedDecision = async () =>
    (await ok('partner2', 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', { f: firmId, i: proposal() })).proposeDecision.id as string;

  interface Operation {
    name: string;
    query: string;
    /** Variables for one attempt; may set up what the operation needs. */
    variables: () => Promise<Record<string, unknown>>;
    expected: Record<Caller, Outcome>;
  }

  const operations: Operation[] = [
    // Mutations of the contract.
    {
      name: 'addMember',
      query: 'mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Nia", role: VIEWER }) { token member { id } } }',
      variables: async () => ({ f: firmId }),
      expected: PARTNERS,
    },
    { name: 'openCheck', query: 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', variables: async () => ({ f: firmId }), expected: RUNNERS },
    {
      name: 'submitAnswer',
      query: 'mutation ($c: ID!) { submitAnswer(checkId: $c, questionKey: "client_outcome", text: "Fixed fees for startups") { text } }',
      variables: async () => ({ c: await openedCheck() }),
      expected: { ...PARTNERS, ...BY_ID },
    },
    { name: 'revealCheck', query: 'mutation ($c: ID!) { revealCheck(checkId: $c) { status } }', variables: async () => ({ c: await openedCheck() }), expected: { ...RUNNERS, ...BY_ID } },
    {
      name: 'judgeQuestion',
      query: 'mutation ($c: ID!) { judgeQuestion(checkId: $c, questionKey: "client_outcome", judgement: MISMATCH) { id } }',
      variables: async () => ({ c: await revealedCheck() }),
      expected: { ...RUNNERS, ...BY_ID },
    },
    { name: 'closeCheck', query: 'mutation ($c: ID!) { closeCheck(checkId: $c) { status } }', variables: async () => ({ c: await judgedCheck() }), expected: { ...RUNNERS, ...BY_ID } },
    {
      name: 'raiseDisagreement',
      query: 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }',
      variables: async () => ({ f: firmId, i: { topic: 'Hire juniors?', layer: 'PEOPLE', positions: [{ memberId: ids.partner, text: 'Yes' }] } }),
      expected: RUNNERS,
    },
    {
      name: 'deferDisagreement',
      query: 'mutation ($d: ID!) { deferDisagreement(disagreementId: $d, reason: "After the merger") { status } }',
      variables: async () => ({ d: await raisedDisagreement() }),
      expected: { ...RUNNERS, ...BY_ID },
    },
    {
      name: 'proposeDecision',
      query: 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
      variables: async () => ({ f: firmId, i: proposal() }),
      expected: PARTNERS,
    },
    { name: 'endorseDecision', query: 'mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }', variables: async () => ({ d: await proposedDecision() }), expected: { ...PARTNERS, ...BY_ID } },
    // Firm administration.
    {
      name: 'changeMemberRole',
      query: 'mutation ($f: ID!, $m: ID!) { changeMemberRole(firmId: $f, memberId: $m, role: AUDITOR) { role } }',
      variables: async () => ({ f: firmId, m: await newMember() }),
      expected: PARTNERS,
    },
    { name: 'removeMember', query: 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }', variables: async () => ({ f: firmId, m: await newMember() }), expected: PARTNERS },
    // Another member's token (one's own: ws-lifetime.e2e-spec.ts); another firm's member is an unknown id.
    { name: 'rotateToken', query: 'mutation ($m: ID) { rotateToken(memberId: $m) { token } }', variables: async () => ({ m: await newMember() }), expected: { ...PARTNERS, ...BY_ID } },
    { name: 'revokeToken', query: 'mutation ($m: ID) { revokeToken(memberId: $m) { id } }', variables: async () => ({ m: await newMember() }), expected: { ...PARTNERS, ...BY_ID } },
    {
      name: 'defineQuestionSet',
      query: 'mutation ($f: ID!, $q: [QuestionInput!]!) { defineQuestionSet(firmId: $f, questions: $q) { id } }',
      variables: async () => ({ f: firmId, q: QUESTIONS }),
      expected: PARTNERS,
    },
    { name: 'setCadence', query: 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 60) { cadenceDays } }', variables: async () => ({ f: firmId }), expected: PARTNERS },
    {
      name: 'defineVagueWords',
      query: 'mutation ($f: ID!) { defineVagueWords(firmId: $f, words: ["synergy"]) { id } }',
      variables: async () => ({ f: firmId }),
      expected: PARTNERS,
    },
    // Token management (a member's own token is rotated in sockets.e2e-spec.ts: it would end this caller's token).
    {
      name: 'rotateToken',
      query: 'mutation ($m: ID) { rotateToken(memberId: $m) { token member { id } } }',
      variables: async () => ({ m: await newMember() }),
      expected: { ...PARTNERS, ...BY_ID },
    },
    { name: 'revokeToken', query: 'mutation ($m: ID) { revokeToken(memberId: $m) { id } }', variables: async () => ({ m: await newMember() }), expected: { ...PARTNERS, ...BY_ID } },
    // Queries.
    { name: 'firm', query: 'query ($f: ID!) { firm(id: $f) { id members { id } } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'check', query: 'query ($c: ID!) { check(id: $c) { id questions { answers { text } } } }', variables: async () => ({ c: ids.check }), expected: { ...READERS, ...BY_ID } },
    { name: 'checks', query: 'query ($f: ID!) { checks(firmId: $f) { id } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'decision', query: 'query ($d: ID!) { decision(id: $d) { id why { summary } } }', variables: async () => ({ d: ids.decision }), expected: { ...READERS, ...BY_ID } },
    { name: 'decisions', query: 'query ($f: ID!) { decisions(firmId: $f) { id } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'disagreement', query: 'query ($d: ID!) { disagreement(id: $d) { id positions { text } } }', variables: async () => ({ d: ids.disagreement }), expected: { ...READERS, ...BY_ID } },
    { name: 'disagreements', query: 'query ($f: ID!) { disagreements(firmId: $f) { id } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'alignedDefinitions', query: 'query ($f: ID!) { alignedDefinitions(firmId: $f) { questionKey } }', variables: async () => ({ f: firmId }), expected: READERS },
    {
      name: 'alignedDefinitions asOf',
      query: 'query ($f: ID!) { alignedDefinitions(firmId: $f, asOf: "2020-01-01T00:00:00Z") { questionKey } }',
      variables: async () => ({ f: firmId }),
      expected: READERS,
    },
    { name: 'conflictDebt', query: 'query ($f: ID!) { conflictDebt(firmId: $f, asOf: "2030-01-01T00:00:00Z") { total } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'alignmentHistory', query: 'query ($f: ID!) { alignmentHistory(firmId: $f) { checkId } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'driftEvents', query: 'query ($f: ID!) { driftEvents(firmId: $f) { id } }', variables: async () => ({ f: firmId }), expected: READERS },
    { name: 'auditLog', query: 'query ($f: ID!) { auditLog(firmId: $f) { hasMore } }', variables: async () => ({ f: firmId }), expected: AUDITORS },
    { name: 'verifyIntegrity', query: 'query ($f: ID!) { verifyIntegrity(firmId: $f) { ok } }', variables: async () => ({ f: firmId }), expected: AUDITORS },
  ];

  beforeAll(async () => {
    server = await startApiServer();
    const created = await ok('noToken', 'mutation { createFirm(input: { name: "Hale & Rowe", kind: LAW, founderName: "Ada" }) { token firm { id } member { id } } }');
    tokens.partner = created.createFirm.token;
    ids.partner = created.createFirm.member.id;
    firmId = created.createFirm.firm.id;
    for (const [caller, name, role] of [['partner2', 'Ben', 'PARTNER'], ['facilitator', 'Fay', 'FACILITATOR'], ['auditor', 'Aud', 'AUDITOR'], ['viewer', 'Vic', 'VIEWER']] as const) {
      const added = await ok('partner', 'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name, role } });
      tokens[caller] = added.addMember.token;
      ids[caller] = added.addMember.member.id;
    }
    tokens.otherFirm = (await ok('noToken', 'mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token } }')).createFirm.token;
    const leaving = await ok('partner', 'mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Lee", role: PARTNER }) { token member { id } } }', { f: firmId });
    await ok('partner', 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }', { f: firmId, m: leaving.addMember.member.id });
    tokens.left = leaving.addMember.token;
    ids.left = leaving.addMember.member.id;
    ids.check = await openedCheck();
    ids.decision = await proposedDecision();
    ids.disagreement = await raisedDisagreement();
  });

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose().catch(() => undefined);
    await server?.close();
  });

  const cases = operations.flatMap((op) => CALLERS.map((caller) => [op.name, caller, op.expected[caller], op] as const));

  /** What this firm holds that a caller outside it never sent: none of it may come back to them. */
  const firmSecrets = (variables: Record<string, unknown>) => {
    const sent = JSON.stringify(variables);
    return ['Hale & Rowe', 'Leeds', 'Hire juniors', 'Predictable bills', 'Clients asked', 'Nell', ...Object.values(ids)].filter((secret) => !sent.includes(secret));
  };

  it.each(cases)('%s by %s: %s', async (_name, caller, outcome, op) => {
    const variables = await op.variables();
    const before = await head();
    const result = await gql(caller, op.query, variables);
    if (outcome === 'ok') {
      expect(result.errors).toBeUndefined();
      expect(Object.values(result.data ?? {})[0]).not.toBeNull();
    } else {
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error.extensions?.code).toBe(outcome);
      // NOT_FOUND names the id that was asked for, nothing else.
      expect(error.extensions).toEqual(outcome === 'NOT_FOUND' ? { code: outcome, id: expect.any(String) } : { code: outcome });
      // A message a person understands, and nothing appended.
      expect(error.message).toMatch(/^[A-Za-z].{10,}$/);
      expect(Object.values(result.data ?? {}).every((value) => value === null)).toBe(true);
      if (!['partner', 'facilitator', 'auditor', 'viewer'].includes(caller)) {
        const body = JSON.stringify(result);
        expect(firmSecrets(variables).filter((secret) => body.includes(secret))).toEqual([]);
      }
      expect(await head()).toBe(before);
    }
  });

  it('has a row for every query and mutation of the live schema', async () => {
    const { __schema } = await ok('noToken', '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    const fields = [...__schema.queryType.fields, ...__schema.mutationType.fields].map((f: { name: string }) => f.name);
    const rows = new Set([...operations.map((op) => op.name.split(' ')[0]), ...Object.keys(TOKENLESS)]);
    expect(fields.filter((name: string) => !rows.has(name))).toEqual([]);
  });

  describe('me', () => {
    it.each(['partner', 'facilitator', 'auditor', 'viewer', 'otherFirm'] as const)('answers %s with their own member', async (caller) => {
      const { me } = await ok(caller, '{ me { id role firmId } }');
      expect(me.id).toBe(ids[caller] ?? me.id);
    });

    it('is null without a token and UNAUTHENTICATED for a bad one', async () => {
      expect(await gql('noToken', '{ me { id } }')).toEqual({ data: { me: null } });
      expect((await gql('badToken', '{ me { id } }')).errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('createFirm', () => {
    it('is open sign-up: anyone may found a firm, which grants nothing in another', async () => {
      for (const caller of CALLERS) {
        const { createFirm } = await ok(caller, 'mutation { createFirm(input: { name: "New", kind: OTHER, founderName: "Nat" }) { token member { role } } }');
        expect(createFirm.member.role).toBe('PARTNER');
        expect((await postGraphql<any>(server, 'query ($f: ID!) { firm(id: $f) { id } }', { f: firmId }, createFirm.token)).errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
      }
    });
  });

  describe('subscriptions over graphql-ws', () => {
    const FIRM_EVENTS = 'subscription ($f: ID!) { firmEvents(firmId: $f, afterPosition: 0) { position streamId data } }';
    const DRIFT = 'subscription ($f: ID!) { driftDetected(firmId: $f, afterPosition: 0) { id } }';
    /** Per subscription field: its document, and whether it delivers at once from position 0 in this firm. */
    const SUBSCRIPTIONS: Record<string, { query: string; delivers: boolean }> = {
      firmEvents: { query: FIRM_EVENTS, delivers: true },
      driftDetected: { query: DRIFT, delivers: false },
    };
    const connect = (caller: Caller) => {
      const socket = connectWs(server.wsUrl, tokens[caller]);
      sockets.push(socket);
      return socket;
    };

    it('has a row for every subscription of the live schema', async () => {
      const { __schema } = await ok('noToken', '{ __schema { subscriptionType { fields { name } } } }');
      const rows = new Set([...Object.keys(SUBSCRIPTIONS), ...Object.keys(TOKENLESS)]);
      expect(__schema.subscriptionType.fields.map((f: { name: string }) => f.name).filter((name: string) => !rows.has(name))).toEqual([]);
    });

    it.each(['partner', 'facilitator', 'auditor', 'viewer'] as const)('lets %s subscribe to every firm subscription', async (caller) => {
      const socket = connect(caller);
      for (const { query, delivers } of Object.values(SUBSCRIPTIONS)) {
        const feed = socket.subscribe(query, { f: firmId });
        if (delivers) expect(await feed.take(1)).toHaveLength(1);
        else await feed.quietFor(300);
        expect(feed.errors).toEqual([]);
      }
    });

    it.each([
      ['otherFirm', 'FORBIDDEN'],
      ['noToken', 'UNAUTHENTICATED'],
    ] as const)('refuses %s with %s, sending nothing of the firm', async (caller, code) => {
      const socket = connect(caller);
      for (const { query } of Object.values(SUBSCRIPTIONS)) {
        const feed = socket.subscribe<unknown>(query, { f: firmId });
        const errors = await feed.firstErrors();
        expect(errors.map((e) => e.extensions)).toEqual([{ code }]);
        await feed.quietFor(100);
        expect(feed.received).toEqual([]);
        expect(firmSecrets({ f: firmId }).filter((secret) => JSON.stringify(errors).includes(secret))).toEqual([]);
      }
    });

    it.each(['badToken', 'left'] as const)('closes the socket with 4403 at connect for %s', async (caller) => {
      for (const { query } of Object.values(SUBSCRIPTIONS)) {
        const socket = connect(caller);
        const feed = socket.subscribe<unknown>(query, { f: firmId });
        expect(await socket.closed()).toBe(4403);
        expect(feed.received).toEqual([]);
      }
    });
  });

  // Another firm's ids inside one's own firm's input are answered as unknown ones: their existence is not told.
  describe('cross-firm references inside a caller’s own firm', () => {
    let otherFirmId: string;

    beforeAll(async () => {
      otherFirmId = (await ok('otherFirm', '{ me { firmId } }')).me.firmId;
    });

    it.each([
      [
        'a check with this firm’s partners as participants',
        'mutation ($f: ID!, $p: [ID!]) { openCheck(firmId: $f, input: { participantIds: $p }) { id } }',
        () => ({ f: otherFirmId, p: [ids.partner, ids.partner2] }),
        'BAD_USER_INPUT',
      ],
      [
        'a disagreement with this firm’s partner’s position',
        'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }',
        () => ({ f: otherFirmId, i: { topic: 'Poach them?', layer: 'PEOPLE', positions: [{ memberId: ids.partner, text: 'Yes' }] } }),
        'BAD_USER_INPUT',
      ],
      [
        'a decision superseding this firm’s decision',
        'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
        () => ({ f: otherFirmId, i: { ...proposal(), supersedes: ids.decision } }),
        'NOT_FOUND',
      ],
      [
        'a decision resolving this firm’s disagreement',
        'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
        () => ({ f: otherFirmId, i: { ...proposal(), resolves: [ids.disagreement] } }),
        'NOT_FOUND',
      ],
    ])('refuses %s, appending nothing', async (_what, query, variables, code) => {
      const before = await head();
      const result = await gql('otherFirm', query, variables());
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(result.errors![0].message).not.toMatch(/Hale|Fixed fees|Leeds/);
      expect(await head()).toBe(before);
    });
  });

  describe('a participant whose role changed while the check is open', () => {
    it.each(['AUDITOR', 'VIEWER'] as const)('may no longer answer once %s', async (role) => {
      const added = await ok('partner', 'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name: 'Pat', role: 'PARTNER' } });
      const check = (await ok('facilitator', 'mutation ($f: ID!, $p: [ID!]) { openCheck(firmId: $f, input: { participantIds: $p }) { id } }', { f: firmId, p: [ids.partner, added.addMember.member.id] })).openCheck.id;
      await ok('partner', 'mutation ($f: ID!, $m: ID!, $r: Role!) { changeMemberRole(firmId: $f, memberId: $m, role: $r) { role } }', { f: firmId, m: added.addMember.member.id, r: role });
      const before = await head();
      const result = await postGraphql<any>(server, 'mutation ($c: ID!) { submitAnswer(checkId: $c, questionKey: "client_outcome", text: "Fixed fees") { text } }', { c: check }, added.addMember.token);
      expect(result.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN' }]);
      expect(await head()).toBe(before);
    });
  });
});
