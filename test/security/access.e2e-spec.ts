import { randomUUID } from 'node:crypto';
import { postGraphql, startApiServer, type ApiServer } from '../support/api-server';
import { connectWs, type WsConnection } from '../support/ws-client';

/**
 * What a caller outside a firm can learn about it. Every field taking an id (found in the live schema) is
 * probed by a member of another firm twice — with this firm's real ids and with ids that exist nowhere — and
 * both answers must be the same refusal, word for word once the ids are blanked, with nothing of the firm in
 * them. The role matrix is roles.e2e-spec.ts; sealed answers, leakage.e2e-spec.ts.
 */

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
type Ids = { firm: string; member: string; check: string; decision: string; disagreement: string; ownFirm: string };
interface Probe {
  query: string;
  variables: (ids: Ids) => Record<string, unknown>;
}

const PROPOSAL = { title: 'Poach', outcome: 'Growth', chosenAnswer: 'Hire them', alternatives: ['No'], rationale: 'Why not', layer: 'PEOPLE' };
const QUESTIONS = [{ key: 'client_outcome', prompt: 'What do clients stop worrying about?' }];
const FIRM_EVENTS = 'subscription ($f: ID!) { firmEvents(firmId: $f, afterPosition: 0) { position data } }';
const DRIFT = 'subscription ($f: ID!) { driftDetected(firmId: $f, afterPosition: 0) { id } }';

/** Per field with an id argument: the probes an outsider sends (their own firm's id where the field acts on it). */
const ID_PROBES: Record<string, Probe[]> = {
  firm: [{ query: 'query ($f: ID!) { firm(id: $f) { id name members { name } } }', variables: (i) => ({ f: i.firm }) }],
  check: [{ query: 'query ($c: ID!) { check(id: $c) { id questions { answers { text } } } }', variables: (i) => ({ c: i.check }) }],
  checks: [{ query: 'query ($f: ID!) { checks(firmId: $f) { id } }', variables: (i) => ({ f: i.firm }) }],
  decision: [{ query: 'query ($d: ID!) { decision(id: $d) { id title why { summary } } }', variables: (i) => ({ d: i.decision }) }],
  decisions: [{ query: 'query ($f: ID!) { decisions(firmId: $f) { id } }', variables: (i) => ({ f: i.firm }) }],
  disagreement: [{ query: 'query ($d: ID!) { disagreement(id: $d) { id topic positions { text } } }', variables: (i) => ({ d: i.disagreement }) }],
  disagreements: [{ query: 'query ($f: ID!) { disagreements(firmId: $f) { id } }', variables: (i) => ({ f: i.firm }) }],
  alignedDefinitions: [{ query: 'query ($f: ID!) { alignedDefinitions(firmId: $f) { answer } }', variables: (i) => ({ f: i.firm }) }],
  conflictDebt: [{ query: 'query ($f: ID!) { conflictDebt(firmId: $f) { total openCount } }', variables: (i) => ({ f: i.firm }) }],
  alignmentHistory: [{ query: 'query ($f: ID!) { alignmentHistory(firmId: $f) { checkId } }', variables: (i) => ({ f: i.firm }) }],
  driftEvents: [{ query: 'query ($f: ID!) { driftEvents(firmId: $f) { id } }', variables: (i) => ({ f: i.firm }) }],
  auditLog: [{ query: 'query ($f: ID!) { auditLog(firmId: $f) { events { data } } }', variables: (i) => ({ f: i.firm }) }],
  verifyIntegrity: [{ query: 'query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked streamsChecked } }', variables: (i) => ({ f: i.firm }) }],
  addMember: [{ query: 'mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Mole", role: PARTNER }) { token } }', variables: (i) => ({ f: i.firm }) }],
  openCheck: [
    { query: 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', variables: (i) => ({ f: i.firm }) },
    { query: 'mutation ($f: ID!, $p: [ID!]) { openCheck(firmId: $f, input: { participantIds: $p }) { id } }', variables: (i) => ({ f: i.ownFirm, p: [i.member] }) },
  ],
  submitAnswer: [{ query: 'mutation ($c: ID!) { submitAnswer(checkId: $c, questionKey: "client_outcome", text: "Mole fees") { text } }', variables: (i) => ({ c: i.check }) }],
  revealCheck: [{ query: 'mutation ($c: ID!) { revealCheck(checkId: $c) { status } }', variables: (i) => ({ c: i.check }) }],
  judgeQuestion: [{ query: 'mutation ($c: ID!) { judgeQuestion(checkId: $c, questionKey: "client_outcome", judgement: MATCH) { id } }', variables: (i) => ({ c: i.check }) }],
  closeCheck: [{ query: 'mutation ($c: ID!) { closeCheck(checkId: $c) { status } }', variables: (i) => ({ c: i.check }) }],
  raiseDisagreement: [
    {
      query: 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }',
      variables: (i) => ({ f: i.firm, i: { topic: 'Mole?', layer: 'PEOPLE', positions: [{ memberId: i.member, text: 'Yes' }] } }),
    },
    {
      query: 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }',
      variables: (i) => ({ f: i.ownFirm, i: { topic: 'Mole?', layer: 'PEOPLE', positions: [{ memberId: i.member, text: 'Yes' }] } }),
    },
  ],
  deferDisagreement: [{ query: 'mutation ($d: ID!) { deferDisagreement(disagreementId: $d, reason: "Mole") { status } }', variables: (i) => ({ d: i.disagreement }) }],
  proposeDecision: [
    { query: 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', variables: (i) => ({ f: i.firm, i: PROPOSAL }) },
    {
      query: 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
      variables: (i) => ({ f: i.ownFirm, i: { ...PROPOSAL, supersedes: i.decision } }),
    },
    {
      query: 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
      variables: (i) => ({ f: i.ownFirm, i: { ...PROPOSAL, resolves: [i.disagreement] } }),
    },
  ],
  endorseDecision: [{ query: 'mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }', variables: (i) => ({ d: i.decision }) }],
  changeMemberRole: [
    { query: 'mutation ($f: ID!, $m: ID!) { changeMemberRole(firmId: $f, memberId: $m, role: VIEWER) { id } }', variables: (i) => ({ f: i.firm, m: i.member }) },
    { query: 'mutation ($f: ID!, $m: ID!) { changeMemberRole(firmId: $f, memberId: $m, role: VIEWER) { id } }', variables: (i) => ({ f: i.ownFirm, m: i.member }) },
  ],
  removeMember: [
    { query: 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }', variables: (i) => ({ f: i.firm, m: i.member }) },
    { query: 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }', variables: (i) => ({ f: i.ownFirm, m: i.member }) },
  ],
  defineQuestionSet: [{ query: 'mutation ($f: ID!, $q: [QuestionInput!]!) { defineQuestionSet(firmId: $f, questions: $q) { id } }', variables: (i) => ({ f: i.firm, q: QUESTIONS }) }],
  setCadence: [{ query: 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 30) { id } }', variables: (i) => ({ f: i.firm }) }],
  defineVagueWords: [{ query: 'mutation ($f: ID!) { defineVagueWords(firmId: $f, words: ["mole"]) { id } }', variables: (i) => ({ f: i.firm }) }],
  rotateToken: [{ query: 'mutation ($m: ID) { rotateToken(memberId: $m) { token member { name } } }', variables: (i) => ({ m: i.member }) }],
  revokeToken: [{ query: 'mutation ($m: ID) { revokeToken(memberId: $m) { name } }', variables: (i) => ({ m: i.member }) }],
};
/** Subscriptions with an id argument, probed over graphql-ws. */
const SUBSCRIPTION_ID_PROBES: Record<string, string> = { firmEvents: FIRM_EVENTS, driftDetected: DRIFT };

/** The names of the fields of `type` that take an ID (or a list of them) as an argument. */
function fieldsWithIdArgs(type: { fields: Array<{ name: string; args: Array<{ type: any }> }> }): string[] {
  const named = (t: any): string => (t.ofType ? named(t.ofType) : t.name);
  return type.fields.filter((f) => f.args.some((a) => named(a.type) === 'ID')).map((f) => f.name);
}

describe('access from outside a firm', () => {
  let server: ApiServer;
  const tokens: Record<string, string> = {};
  let real: Ids;
  const sockets: WsConnection[] = [];

  const gql = (token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Result> => postGraphql<any>(server, query, variables, token);
  async function ok(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const result = await gql(token, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }
  const connect = (token?: string) => {
    const socket = connectWs(server.wsUrl, token);
    sockets.push(socket);
    return socket;
  };
  const head = async () => (await ok(undefined, '{ serverStatus { headPosition } }')).serverStatus.headPosition as number;
  /** Ids that exist nowhere, in place of the real ones of the firm (the outsider's own firm stays). */
  const fakeIds = (): Ids => ({ firm: randomUUID(), member: randomUUID(), check: randomUUID(), decision: randomUUID(), disagreement: randomUUID(), ownFirm: real.ownFirm });
  /** `body` with the ids the probe sent blanked, so two answers can be compared word for word. */
  const blank = (body: unknown, ids: Ids) => {
    let text = JSON.stringify(body);
    for (const [key, id] of Object.entries(ids)) if (key !== 'ownFirm') text = text.split(id).join('<id>');
    return JSON.parse(text);
  };
  /** The firm's names, texts and ids: none may reach an outsider, except an id they sent themselves. */
  const secrets = () => ['Hale & Rowe', 'Ada Hale', 'Ben Rowe', 'Vic Lamb', 'Walrus', 'Pelican', 'Quokka', ...Object.entries(real).filter(([k]) => k !== 'ownFirm').map(([, v]) => v)];
  const secretsIn = (body: unknown, sent: unknown = {}) =>
    secrets().filter((secret) => JSON.stringify(body).includes(secret) && !JSON.stringify(sent).includes(secret));

  beforeAll(async () => {
    server = await startApiServer();
    const founded = await ok(undefined, 'mutation { createFirm(input: { name: "Hale & Rowe", kind: LAW, founderName: "Ada Hale" }) { token firm { id } member { id } } }');
    tokens.ada = founded.createFirm.token;
    const firmId = founded.createFirm.firm.id;
    const added: Record<string, { token: string; id: string }> = {};
    for (const [who, name, role] of [['ben', 'Ben Rowe', 'PARTNER'], ['vic', 'Vic Lamb', 'VIEWER']] as const) {
      const { addMember } = await ok(tokens.ada, 'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name, role } });
      tokens[who] = addMember.token;
      added[who] = { token: addMember.token, id: addMember.member.id };
    }
    const check = (await ok(tokens.ada, 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId })).openCheck.id;
    await ok(tokens.ada, 'mutation ($c: ID!) { submitAnswer(checkId: $c, questionKey: "client_outcome", text: "Walrus escrow disputes") { text } }', { c: check });
    const disagreement = (
      await ok(tokens.ada, 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
        f: firmId,
        i: { topic: 'Pelican office?', layer: 'PEOPLE', positions: [{ memberId: added.ben.id, text: 'Yes' }] },
      })
    ).raiseDisagreement.id;
    const decision = (
      await ok(tokens.ben, 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', {
        f: firmId,
        i: { title: 'Quokka fees', outcome: 'Predictable bills', chosenAnswer: 'Fixed', alternatives: ['Hourly'], rationale: 'Asked', layer: 'PROCESS' },
      })
    ).proposeDecision.id;
    const other = await ok(undefined, 'mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token firm { id } } }');
    tokens.ola = other.createFirm.token;
    real = { firm: firmId, member: added.vic.id, check, decision, disagreement, ownFirm: other.createFirm.firm.id };
  });

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose().catch(() => undefined);
    await server?.close();
  });

  it('has probes for every query and mutation of the live schema that takes an id', async () => {
    const { __schema } = await ok(undefined, '{ __schema { queryType { fields { name args { type { name ofType { name ofType { name ofType { name } } } } } } } mutationType { fields { name args { type { name ofType { name ofType { name ofType { name } } } } } } } subscriptionType { fields { name args { type { name ofType { name } } } } } } }');
    const withIds = [...fieldsWithIdArgs(__schema.queryType), ...fieldsWithIdArgs(__schema.mutationType)];
    expect(withIds.filter((name) => !(name in ID_PROBES))).toEqual([]);
    expect(fieldsWithIdArgs(__schema.subscriptionType).filter((name) => !(name in SUBSCRIPTION_ID_PROBES))).toEqual([]);
  });

  const probes = Object.entries(ID_PROBES).flatMap(([name, list]) => list.map((probe, n) => [list.length > 1 ? `${name} #${n + 1}` : name, probe] as const));

  it.each(probes)('%s: answers another firm the same for a real id and one that exists nowhere, appending nothing', async (_name, probe) => {
    const before = await head();
    const fake = fakeIds();
    const sent = probe.variables(real);
    const withReal = await gql(tokens.ola, probe.query, sent);
    const withFake = await gql(tokens.ola, probe.query, probe.variables(fake));
    expect(withReal.errors?.map((e) => e.extensions?.code)).toEqual([expect.stringMatching(/^(FORBIDDEN|NOT_FOUND|BAD_USER_INPUT)$/)]);
    expect(Object.values(withReal.data ?? {}).every((value) => value === null)).toBe(true);
    expect(blank(withReal, real)).toEqual(blank(withFake, fake));
    expect(secretsIn(withReal, sent)).toEqual([]);
    expect(await head()).toBe(before);
  });

  it.each(Object.entries(SUBSCRIPTION_ID_PROBES))('%s: refuses another firm the same for a real firm and one that exists nowhere', async (_name, query) => {
    const socket = connect(tokens.ola);
    const withReal = socket.subscribe<unknown>(query, { f: real.firm });
    const withFake = socket.subscribe<unknown>(query, { f: randomUUID() });
    const [realErrors, fakeErrors] = await Promise.all([withReal.firstErrors(), withFake.firstErrors()]);
    expect(realErrors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(realErrors).toEqual(fakeErrors);
    await withReal.quietFor(200);
    expect(withReal.received).toEqual([]);
    expect(secretsIn(realErrors)).toEqual([]);
  });

  describe('a member who left', () => {
    it('could read and subscribe before, and afterwards neither reads (UNAUTHENTICATED) nor connects (4403)', async () => {
      const reads = [
        ['{ me { id } }', {}],
        ['query ($f: ID!) { firm(id: $f) { id } }', { f: real.firm }],
        ['query ($c: ID!) { check(id: $c) { id } }', { c: real.check }],
        ['query ($f: ID!) { conflictDebt(firmId: $f) { total } }', { f: real.firm }],
      ] as const;
      for (const [query, variables] of reads) expect((await gql(tokens.vic, query, variables)).errors).toBeUndefined();
      const before = connect(tokens.vic).subscribe<unknown>(FIRM_EVENTS, { f: real.firm });
      expect(await before.take(1)).toHaveLength(1);

      await ok(tokens.ada, 'mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }', { f: real.firm, m: real.member });

      for (const [query, variables] of reads) {
        const result = await gql(tokens.vic, query, variables);
        expect(result.errors?.map((e) => e.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
        expect(secretsIn(result)).toEqual([]);
      }
      for (const query of Object.values(SUBSCRIPTION_ID_PROBES)) {
        const socket = connect(tokens.vic);
        const feed = socket.subscribe<unknown>(query, { f: real.firm });
        expect(await socket.closed()).toBe(4403);
        expect(feed.received).toEqual([]);
      }
    });
  });

  describe('fields that need no token', () => {
    it('serverStatus tells anyone the same global counters and nothing about any firm', async () => {
      const status = '{ serverStatus { headPosition projections { name state checkpoint } } }';
      const [anonymous, outsider, member] = await Promise.all([gql(undefined, status), gql(tokens.ola, status), gql(tokens.ada, status)]);
      expect(anonymous.errors).toBeUndefined();
      expect(outsider).toEqual(anonymous);
      expect(member).toEqual(anonymous);
      const { headPosition, projections } = anonymous.data.serverStatus;
      expect(Number.isInteger(headPosition)).toBe(true);
      for (const projection of projections) expect(projection).toEqual({ name: expect.stringMatching(/^[a-z-]+$/), state: expect.any(String), checkpoint: expect.any(Number) });
      expect(secretsIn(anonymous)).toEqual([]);
    });

    it('globalPosition sends an anonymous subscriber bare positions: no firm, stream, type or text', async () => {
      const feed = connect().subscribe<{ globalPosition: number }>('subscription { globalPosition(afterPosition: 0) }');
      const delivered = await feed.take(await head());
      for (const item of delivered) expect(Object.keys(item)).toEqual(['globalPosition']);
      expect(delivered.every((item) => Number.isInteger(item.globalPosition))).toBe(true);
      expect(secretsIn(delivered)).toEqual([]);
    });

    it('GET /health carries nothing of any firm', async () => {
      const health = await (await fetch(`${server.httpUrl}/health`)).json();
      expect(secretsIn(health)).toEqual([]);
    });
  });
});
