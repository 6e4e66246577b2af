import { postGraphql, startApiServer, type ApiServer } from '../support/api-server';
import { connectWs, type LiveSubscription, type WsConnection } from '../support/ws-client';

/**
 * Sealed answers, probed through every path a caller has — as the other partner, a partner who is not a
 * participant, the facilitator, the auditor, the viewer, a member of another firm and nobody. Each answer
 * carries a marker word found nowhere else, so one search over everything a reader received proves that
 * nothing of it leaked before the reveal.
 */

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
type Reader = 'ada' | 'ben' | 'cy' | 'fay' | 'aud' | 'vic' | 'ola' | 'nobody';

const ADA = {
  client_outcome: 'Clients stop worrying about zanzibar escrow disputes',
  optimizing_for: 'Excellence in quokka retainer margin',
  refuse_to_do: 'Narwhal litigation funding',
};
const ADA_FIRST_DRAFT = 'Axolotl fixed fees for every matter';
const BEN = {
  client_outcome: 'Clients stop worrying about walrus patent audits',
  optimizing_for: 'Pelican referral volume',
  refuse_to_do: 'Flamingo hourly billing',
};
const ADA_MARKERS = ['zanzibar', 'quokka', 'narwhal', 'axolotl'];
const BEN_MARKERS = ['walrus', 'pelican', 'flamingo'];
const ALL_MARKERS = [...ADA_MARKERS, ...BEN_MARKERS];

const EVENT_FIELDS = 'position streamId revision type occurredAt actorId data hash previousHash';
const FIRM_EVENTS = `subscription ($f: ID!, $after: Int) { firmEvents(firmId: $f, afterPosition: $after) { ${EVENT_FIELDS} } }`;
const ANSWER_FIELDS = 'questionKey text vagueTerms member { id name role firmId }';
const CHECK_FIELDS = `id firmId status openedAt closedAt score verdict participants { id } answeredBy { id }
  questions { key prompt suggestedJudgement similarity judgement answers { ${ANSWER_FIELDS} } }`;
const DISAGREEMENT_FIELDS = 'id topic status checkId questionKey deferrals positions { member { id } text }';
const DECISION_FIELDS = `id title chosenAnswer alternatives status resolves { ${DISAGREEMENT_FIELDS} }
  why { summary outcome rationale alternatives resolved { ${DISAGREEMENT_FIELDS} } checks { ${CHECK_FIELDS} } }`;
const INTROSPECTION = `{ __schema { types { name description fields { name description args { name description defaultValue } }
  enumValues { name description } inputFields { name description defaultValue } } } }`;

/** Every marker word found in `text`. */
const markersIn = (text: string, markers: readonly string[] = ALL_MARKERS) => markers.filter((word) => text.toLowerCase().includes(word));

describe('sealed answers before the reveal', () => {
  let server: ApiServer;
  let firmId: string;
  let checkId: string;
  let decisionId: string;
  const ids: Record<string, string> = {};
  const tokens: Partial<Record<Reader, string>> = {};
  const sockets: WsConnection[] = [];
  const earlyFeeds: Partial<Record<Reader, LiveSubscription<{ firmEvents: { type: string; data: string } }>>> = {};

  const gql = (reader: Reader, query: string, variables: Record<string, unknown> = {}): Promise<Result> =>
    postGraphql<any>(server, query, variables, tokens[reader]);
  async function ok(reader: Reader, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const result = await gql(reader, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }
  const connect = (reader: Reader) => {
    const socket = connectWs(server.wsUrl, tokens[reader]);
    sockets.push(socket);
    return socket;
  };
  const submit = (reader: Reader, key: string, text: string, check = checkId) =>
    gql(reader, `mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { ${ANSWER_FIELDS} } }`, { c: check, k: key, t: text });
  const addMember = async (name: string, role: string) => {
    const added = await ok('ada', 'mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name, role } });
    return { token: added.addMember.token as string, id: added.addMember.member.id as string };
  };
  const head = async () => (await ok('nobody', '{ serverStatus { headPosition } }')).serverStatus.headPosition as number;

  /** What `reader` gets back from every query and refused mutation that could carry an answer. */
  async function everythingSeenBy(reader: Reader): Promise<Result[]> {
    const f = { f: firmId };
    const bodies: Result[] = [];
    const ask = async (query: string, variables: Record<string, unknown> = {}) => bodies.push(await gql(reader, query, variables));
    await ask(`query ($c: ID!) { check(id: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
    await ask(`query ($f: ID!) { checks(firmId: $f) { ${CHECK_FIELDS} } }`, f);
    await ask(`query ($f: ID!) { checks(firmId: $f, status: OPEN) { ${CHECK_FIELDS} } }`, f);
    for (let after = 0; ; ) {
      const page = await gql(reader, `query ($f: ID!, $a: Int) { auditLog(firmId: $f, after: $a, first: 3) { events { ${EVENT_FIELDS} } nextAfter hasMore } }`, { f: firmId, a: after });
      bodies.push(page);
      if (!page.data?.auditLog?.hasMore) break;
      after = page.data.auditLog.nextAfter;
    }
    await ask(`query ($f: ID!) { disagreements(firmId: $f) { ${DISAGREEMENT_FIELDS} } }`, f);
    await ask(`query ($f: ID!) { conflictDebt(firmId: $f) { total items { disagreement { ${DISAGREEMENT_FIELDS} } } paid { debt } } }`, f);
    await ask(`query ($f: ID!) { decisions(firmId: $f) { ${DECISION_FIELDS} } }`, f);
    await ask(`query ($d: ID!) { decision(id: $d) { ${DECISION_FIELDS} } }`, { d: decisionId });
    await ask(`query ($f: ID!) { firm(id: $f) { id name members { id name role } cadenceDays overdue } }`, f);
    await ask('{ me { id name role firmId } }');
    await ask(`query ($f: ID!) { alignmentHistory(firmId: $f) { checkId mismatched } }`, f);
    await ask(`query ($f: ID!) { alignedDefinitions(firmId: $f) { questionKey answer } }`, f);
    await ask(`query ($f: ID!) { driftEvents(firmId: $f) { id kind } }`, f);
    await ask(`query ($f: ID!) { verifyIntegrity(firmId: $f) { ok problems } }`, f);
    await ask('{ serverStatus { headPosition projections { name state checkpoint } } }');
    await ask(INTROSPECTION);
    // Mutations refused on this check answer with a check or an error: neither may carry an answer.
    await ask(`mutation ($c: ID!) { judgeQuestion(checkId: $c, questionKey: "client_outcome", judgement: MATCH) { ${CHECK_FIELDS} } }`, { c: checkId });
    await ask(`mutation ($c: ID!) { closeCheck(checkId: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
    if (!['ada', 'ben', 'cy', 'fay'].includes(reader)) await ask(`mutation ($c: ID!) { revealCheck(checkId: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
    if (reader === 'ada' || reader === 'ben') return bodies;
    // Answers sent by someone who is not a participant: refused, never echoing anyone's answer.
    bodies.push(await submit(reader, 'refuse_to_do', ADA.refuse_to_do.replace('Narwhal', 'Otter')));
    bodies.push(await submit(reader, 'no_such_key', 'Otter fees'));
    bodies.push(await submit(reader, 'optimizing_for', 'Excellence and quality'));
    return bodies;
  }

  /** Every event of the firm as a fresh firmEvents subscriber catching up from 0 receives it. */
  async function caughtUpFeed(reader: Reader): Promise<string> {
    const count = (await ok('aud', 'query ($f: ID!) { auditLog(firmId: $f, first: 1000) { events { position } } }', { f: firmId })).auditLog.events.length;
    const feed = connect(reader).subscribe<{ firmEvents: unknown }>(FIRM_EVENTS, { f: firmId, after: 0 });
    const events = await feed.take(count);
    expect(await feed.quietFor(100)).toEqual([]);
    return JSON.stringify(events);
  }

  beforeAll(async () => {
    // The probes ask for every field at once, well over the default cost limit (the limits have their own tests).
    server = await startApiServer({ ACCORD_MAX_COST: '1000000' });
    const created = await ok('nobody', 'mutation { createFirm(input: { name: "Hale & Rowe", kind: LAW, founderName: "Ada" }) { token firm { id } member { id } } }');
    tokens.ada = created.createFirm.token;
    firmId = created.createFirm.firm.id;
    ids.ada = created.createFirm.member.id;
    for (const [reader, name, role] of [['ben', 'Ben', 'PARTNER'], ['cy', 'Cy', 'PARTNER'], ['fay', 'Fay', 'FACILITATOR'], ['aud', 'Aud', 'AUDITOR'], ['vic', 'Vic', 'VIEWER']] as const) {
      const member = await addMember(name, role);
      tokens[reader] = member.token;
      ids[reader] = member.id;
    }
    tokens.ola = (await ok('nobody', 'mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token } }')).createFirm.token;

    // Subscribed before anything is answered: the live path (from the head now, as the server may start them late).
    const subscribedAt = await head();
    for (const reader of ['ben', 'cy', 'fay', 'aud', 'vic'] as const) {
      earlyFeeds[reader] = connect(reader).subscribe(FIRM_EVENTS, { f: firmId, after: subscribedAt });
    }

    // Ada and Ben answer; Cy is a partner but not a participant.
    const opened = await ok('fay', 'mutation ($f: ID!, $p: [ID!]) { openCheck(firmId: $f, input: { participantIds: $p }) { id } }', { f: firmId, p: [ids.ada, ids.ben] });
    checkId = opened.openCheck.id;
    expect((await submit('ada', 'refuse_to_do', ADA_FIRST_DRAFT)).errors).toBeUndefined();
    for (const [key, text] of Object.entries(ADA)) expect((await submit('ada', key, text)).errors).toBeUndefined();
    expect((await submit('ben', 'client_outcome', BEN.client_outcome)).errors).toBeUndefined();

    // A decision proposed while the check is open, resolving a disagreement raised by hand.
    const raised = await ok('fay', 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
      f: firmId,
      i: { topic: 'Fixed fees or hourly?', layer: 'PROCESS', positions: [{ memberId: ids.ada, text: 'Fixed fees' }, { memberId: ids.ben, text: 'Hourly' }] },
    });
    const proposed = await ok('ada', 'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', {
      f: firmId,
      i: {
        title: 'Fixed fees',
        outcome: 'Predictable bills',
        chosenAnswer: 'Fixed fees for advisory work',
        alternatives: ['Hourly'],
        rationale: 'Clients asked for it',
        layer: 'PROCESS',
        resolves: [raised.raiseDisagreement.id],
      },
    });
    decisionId = proposed.proposeDecision.id;
    expect((await ok('vic', 'query ($c: ID!) { check(id: $c) { status } }', { c: checkId })).check.status).toBe('OPEN');
  });

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose().catch(() => undefined);
    await server?.close();
  });

  it.each(['ben', 'cy', 'fay', 'aud', 'vic', 'ola', 'nobody'] as const)('shows %s no answer of Ada through any query or mutation', async (reader) => {
    const bodies = await everythingSeenBy(reader);
    // Every probe ran: refused for a reason of the contract, never malformed.
    const codes = new Set(bodies.flatMap((b) => (b.errors ?? []).map((e) => e.extensions?.code)));
    // (NOT_FOUND: another firm's check by id, answered as an unknown one.)
    expect([...codes].filter((code) => !['FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_STATE', 'NOT_FOUND'].includes(code))).toEqual([]);
    const seen = JSON.stringify(bodies);
    expect(markersIn(seen, ADA_MARKERS)).toEqual([]);
    // Ben sees his own answer, and nobody else sees it.
    expect(markersIn(seen, BEN_MARKERS)).toEqual(reader === 'ben' ? ['walrus'] : []);
  });

  it('shows Ada her own answers, without suggestions or similarity, and nothing of Ben', async () => {
    const { check } = await ok('ada', `query ($c: ID!) { check(id: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
    expect(check.questions.map((q: any) => q.answers.map((a: any) => a.text))).toEqual([[ADA.client_outcome], [ADA.optimizing_for], [ADA.refuse_to_do]]);
    expect(check.questions[1].answers[0].vagueTerms).toEqual(['excellence']);
    expect(check.questions.every((q: any) => q.suggestedJudgement === null && q.similarity === null)).toBe(true);
    const seen = JSON.stringify(await everythingSeenBy('ada'));
    expect(markersIn(seen, BEN_MARKERS)).toEqual([]);
    // Her own current answers reach her through the same probes (her first draft is gone, and the audit log seals even hers).
    expect(markersIn(seen, ADA_MARKERS)).toEqual(['zanzibar', 'quokka', 'narwhal']);
  });

  it('reaches no open check through Decision.why.checks: only checks of resolved disagreements, which are closed', async () => {
    const { decision } = await ok('vic', 'query ($d: ID!) { decision(id: $d) { why { checks { id } resolved { checkId } } } }', { d: decisionId });
    expect(decision.why).toEqual({ checks: [], resolved: [{ checkId: null }] });
  });

  it.each(['ben', 'cy', 'fay', 'aud', 'vic'] as const)('sends %s no answer text in firmEvents, caught up from 0', async (reader) => {
    const feed = await caughtUpFeed(reader);
    expect(feed).toContain('AnswerSubmitted');
    expect(feed).toContain('AnswerRevised');
    expect(markersIn(feed, ADA_MARKERS)).toEqual([]);
    expect(markersIn(feed)).toEqual([]);
  });

  it('sends no answer text to live firmEvents subscribers', async () => {
    for (const reader of ['ben', 'cy', 'fay', 'aud', 'vic'] as const) {
      const feed = earlyFeeds[reader]!;
      // CheckOpened, 4 answers of Ada (one a revision), Ben's, the disagreement, the decision.
      const live = JSON.stringify(await feed.take(8));
      expect(live).toContain('"sealed\\":true');
      expect(markersIn(live)).toEqual([]);
    }
  });

  it('refuses firmEvents and every read to a member of another firm and to nobody, telling nothing', async () => {
    const outsider = connect('ola').subscribe(FIRM_EVENTS, { f: firmId, after: 0 });
    expect((await outsider.firstErrors())[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = connect('nobody').subscribe(FIRM_EVENTS, { f: firmId, after: 0 });
    expect((await anonymous.firstErrors())[0].extensions?.code).toBe('UNAUTHENTICATED');
    const byOla = await gql('ola', `query ($c: ID!) { check(id: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
    expect(byOla).toEqual({ data: { check: null }, errors: [expect.objectContaining({ message: `check ${checkId} does not exist`, extensions: { code: 'NOT_FOUND', id: checkId } })] });
  });

  it.each(['ben', 'cy', 'fay', 'aud', 'vic', 'ola', 'nobody'] as const)('sends %s no answer text through driftDetected or globalPosition', async (reader) => {
    const socket = connect(reader);
    const drift = socket.subscribe<unknown>('subscription ($f: ID!) { driftDetected(firmId: $f, afterPosition: 0) { id kind checkId questionKey } }', { f: firmId });
    const positions = socket.subscribe<unknown>('subscription { globalPosition(afterPosition: 0) }');
    await positions.take(await head());
    await drift.quietFor(200);
    const seen = JSON.stringify([drift.received, drift.errors, positions.received]);
    expect(markersIn(seen)).toEqual([]);
  });

  it('keeps /health free of answers', async () => {
    const health = await (await fetch(`${server.httpUrl}/health`)).text();
    expect(markersIn(health)).toEqual([]);
  });

  describe('once the last answer is in', () => {
    beforeAll(async () => {
      for (const [key, text] of Object.entries(BEN).slice(1)) expect((await submit('ben', key, text)).errors).toBeUndefined();
    });

    it('unseals every answer to every member of the firm (the probes above would have seen them)', async () => {
      for (const reader of ['ben', 'cy', 'fay', 'aud', 'vic'] as const) {
        const { check } = await ok(reader, `query ($c: ID!) { check(id: $c) { ${CHECK_FIELDS} } }`, { c: checkId });
        expect(check.status).toBe('REVEALED');
        expect(markersIn(JSON.stringify(check)).sort()).toEqual([...ALL_MARKERS].filter((m) => m !== 'axolotl').sort());
        expect(check.questions.every((q: any) => q.suggestedJudgement !== null && typeof q.similarity === 'number')).toBe(true);
      }
      const audit = JSON.stringify(await ok('aud', 'query ($f: ID!) { auditLog(firmId: $f, first: 1000) { events { data } } }', { f: firmId }));
      expect(markersIn(audit).sort()).toEqual([...ALL_MARKERS].sort());
      expect(markersIn(await caughtUpFeed('vic')).sort()).toEqual([...ALL_MARKERS].sort());
    });

    it('still shows nothing to another firm', async () => {
      const seen = JSON.stringify(await everythingSeenBy('ola'));
      expect(markersIn(seen)).toEqual([]);
    });

    it('refuses a revision after the reveal without echoing anything', async () => {
      const before = await head();
      const refused = await submit('ada', 'refuse_to_do', 'Otter-only engagements');
      expect(refused.errors?.[0].extensions).toEqual({ code: 'INVALID_STATE' });
      expect(markersIn(JSON.stringify(refused))).toEqual([]);
      expect(await head()).toBe(before);
    });
  });
});
