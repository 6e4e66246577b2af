import { postGraphql, startApiServer, type ApiServer } from './support/api-server';
import { connectWs, type WsConnection } from './support/ws-client';

interface DriftEvent {
  id: string;
  firmId: string;
  kind: string;
  detectedAt: string;
  checkId: string | null;
  questionKey: string | null;
  decisionId: string | null;
  previousScore: number | null;
  score: number | null;
  position: number;
}

const DRIFT_FIELDS = 'id firmId kind detectedAt checkId questionKey decisionId previousScore score position';
const DRIFT_DETECTED = `subscription ($f: ID!, $after: Int) { driftDetected(firmId: $f, afterPosition: $after) { ${DRIFT_FIELDS} } }`;
const DRIFT_EVENTS = `query ($f: ID!) { driftEvents(firmId: $f) { ${DRIFT_FIELDS} } }`;
const ANSWERS: Record<string, string> = {
  client_outcome: 'Whether the contract will survive a dispute in court',
  optimizing_for: 'Margin per partner hour on fixed-fee work',
  refuse_to_do: 'Litigation against former clients',
};

describe('drift', () => {
  let server: ApiServer;
  let firmId: string;
  const tokens: Record<string, string> = {};
  const sockets: WsConnection[] = [];

  async function ok<T = any>(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await postGraphql<T>(server, query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }
  const connect = (token?: string) => {
    const socket = connectWs(server.wsUrl, token);
    sockets.push(socket);
    return socket;
  };
  const addMember = async (name: string, role: string) =>
    (await ok(tokens.ann, 'mutation ($f: ID!, $n: String!, $r: Role!) { addMember(firmId: $f, input: { name: $n, role: $r }) { token } }', { f: firmId, n: name, r: role }))
      .addMember.token as string;

  /** Opens a check, lets both partners answer (which reveals it), judges it and closes it. */
  async function runCheck(judgements: Record<string, 'MATCH' | 'MISMATCH'>, beforeClose?: () => Promise<void>) {
    const checkId = (await ok(tokens.fay, 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId })).openCheck.id;
    for (const partner of [tokens.ann, tokens.bob]) {
      for (const [key, text] of Object.entries(ANSWERS)) {
        await ok(partner, 'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }', { c: checkId, k: key, t: text });
      }
    }
    for (const [key, judgement] of Object.entries(judgements)) {
      await ok(tokens.fay, 'mutation ($c: ID!, $k: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: $j) { id } }', { c: checkId, k: key, j: judgement });
    }
    await beforeClose?.();
    const closed = await ok(tokens.fay, 'mutation ($c: ID!) { closeCheck(checkId: $c) { score status } }', { c: checkId });
    return { checkId, ...closed.closeCheck };
  }

  beforeAll(async () => {
    server = await startApiServer();
    const created = await ok(undefined, 'mutation { createFirm(input: { name: "Lex & Co", kind: LAW, founderName: "Ann" }) { token firm { id } } }');
    tokens.ann = created.createFirm.token;
    firmId = created.createFirm.firm.id;
    tokens.bob = await addMember('Bob', 'PARTNER');
    tokens.fay = await addMember('Fay', 'FACILITATOR');
    tokens.vic = await addMember('Vic', 'VIEWER');
    tokens.ola = (await ok(undefined, 'mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token } }')).createFirm.token;
  });
  afterAll(async () => {
    for (const socket of sockets) await socket.dispose().catch(() => undefined);
    await server?.close();
  });

  describe('when a check scores lower than the last one and misses an aligned definition', () => {
    let decisionId: string;
    let secondCheckId: string;
    let live: DriftEvent[];

    beforeAll(async () => {
      const first = await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MATCH', refuse_to_do: 'MATCH' });
      expect(first.score).toBe(3);
      const proposed = await ok(
        tokens.ann,
        'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
        {
          f: firmId,
          i: {
            title: 'What we optimize for this year',
            outcome: 'Fixed-fee work that pays for itself',
            chosenAnswer: 'Margin per partner hour on fixed-fee work',
            alternatives: ['Headcount growth'],
            rationale: 'Hourly billing hides which matters lose money',
            layer: 'VISION',
            questionKey: 'optimizing_for',
          },
        },
      );
      decisionId = proposed.proposeDecision.id;
      await ok(tokens.ann, 'mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }', { d: decisionId });
      const locked = await ok(tokens.bob, 'mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }', { d: decisionId });
      expect(locked.endorseDecision.status).toBe('LOCKED');

      // From a known position, so the test need not guess when the server has started the subscription.
      const head = (await ok(tokens.vic, '{ serverStatus { headPosition } }')).serverStatus.headPosition;
      const feed = connect(tokens.vic).subscribe<{ driftDetected: DriftEvent }>(DRIFT_DETECTED, { f: firmId, after: head });
      const second = await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MATCH' });
      expect(second.score).toBe(2);
      secondCheckId = second.checkId;
      live = (await feed.take(2)).map((r) => r.driftDetected);
      expect(await feed.quietFor(300)).toEqual([]);
    });

    it('delivers SCORE_DROP and DEFINITION_DRIFT, naming the decision, to a subscribed viewer', () => {
      expect(live).toEqual([
        expect.objectContaining({ firmId, kind: 'SCORE_DROP', checkId: secondCheckId, previousScore: 3, score: 2, questionKey: null, decisionId: null }),
        expect.objectContaining({ firmId, kind: 'DEFINITION_DRIFT', checkId: secondCheckId, questionKey: 'optimizing_for', decisionId }),
      ]);
      expect(live[0].position).toBeLessThan(live[1].position);
    });

    it('lists each drift once in driftEvents, as it was delivered', async () => {
      const listed = (await ok<{ driftEvents: DriftEvent[] }>(tokens.vic, DRIFT_EVENTS, { f: firmId })).driftEvents;
      expect(listed).toEqual(live);
    });
  });

  describe('access', () => {
    it("refuses another firm's member, over HTTP and graphql-ws", async () => {
      const listed = await postGraphql(server, DRIFT_EVENTS, { f: firmId }, tokens.ola);
      expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const feed = connect(tokens.ola).subscribe(DRIFT_DETECTED, { f: firmId });
      expect((await feed.firstErrors())[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses a subscriber without a token', async () => {
      const feed = connect().subscribe(DRIFT_DETECTED, { f: firmId });
      expect((await feed.firstErrors())[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
