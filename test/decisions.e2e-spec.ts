import { randomUUID } from 'node:crypto';
import { ManualClock, postGraphql, startApiServer, type ApiServer } from './support/api-server';

/*
 * Disagreements, conflict debt and decisions over the real server, with a manual clock so ages and
 * debts are exact. One firm lives through the story in order: raise, defer, a check raises one more,
 * a decision resolves them and defines `optimizing_for`, a second decision supersedes it.
 */
const T0 = '2026-01-05T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

type Gql = Awaited<ReturnType<typeof postGraphql<any>>>;

const DISAGREEMENT = `id firmId topic layer status raisedAt resolvedAt checkId questionKey deferrals openDays
  positions { member { id name } text } resolvedBy { id title }`;
const DECISION = `id firmId title outcome chosenAnswer alternatives rationale layer questionKey status proposedAt lockedAt
  proposedBy { name } endorsements { member { name } at } supersedes { id } supersededBy { id } resolves { id status }`;

describe('disagreements, conflict debt and decisions', () => {
  const clock = new ManualClock(T0);
  let server: ApiServer;
  let firmId: string;
  const token: Record<'ann' | 'bob' | 'fay' | 'aud' | 'vic' | 'zed', string> = {} as never;
  const id: Record<'ann' | 'bob' | 'zed', string> = {} as never;
  const gql = (who: keyof typeof token, query: string, variables: Record<string, unknown> = {}): Promise<Gql> =>
    postGraphql<any>(server, query, variables, token[who]);
  const codeOf = (result: Gql) => result.errors?.[0]?.extensions?.code;
  const head = async (): Promise<number> => (await postGraphql<any>(server, '{ serverStatus { headPosition } }')).data.serverStatus.headPosition;

  beforeAll(async () => {
    server = await startApiServer({}, { clock });
    const founded = await postGraphql<any>(server, 'mutation { createFirm(input: {name: "Acme", kind: LAW, founderName: "Ann"}) { token firm { id } member { id } } }');
    firmId = founded.data.createFirm.firm.id;
    token.ann = founded.data.createFirm.token;
    id.ann = founded.data.createFirm.member.id;
    for (const [who, name, role] of [['bob', 'Bob', 'PARTNER'], ['fay', 'Fay', 'FACILITATOR'], ['aud', 'Aud', 'AUDITOR'], ['vic', 'Vic', 'VIEWER']] as const) {
      const added = await gql('ann', 'mutation($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name, role } });
      token[who] = added.data.addMember.token;
      if (who === 'bob') id.bob = added.data.addMember.member.id;
    }
    const other = await postGraphql<any>(server, 'mutation { createFirm(input: {name: "Other", kind: AGENCY, founderName: "Zed"}) { token member { id } } }');
    token.zed = other.data.createFirm.token;
    id.zed = other.data.createFirm.member.id;
  });

  afterAll(async () => server?.close());

  const raise = (who: keyof typeof token, input: Record<string, unknown>, firm = firmId) =>
    gql(who, `mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { ${DISAGREEMENT} } }`, { f: firm, i: input });
  const debt = (who: keyof typeof token, asOf?: string) =>
    gql(who, `query($f: ID!, $a: DateTime) { conflictDebt(firmId: $f, asOf: $a) { firmId asOf total openCount oldestOpenDays
      items { disagreement { id status } ageDays weight debt } paid { disagreement { id status } ageDays weight debt } } }`, { f: firmId, a: asOf });
  const propose = (who: keyof typeof token, input: Record<string, unknown>, firm = firmId) =>
    gql(who, `mutation($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { ${DECISION} } }`, { f: firm, i: input });
  const endorse = (who: keyof typeof token, decisionId: string) =>
    gql(who, `mutation($d: ID!) { endorseDecision(decisionId: $d) { ${DECISION} } }`, { d: decisionId });
  const aligned = (who: keyof typeof token, asOf?: string) =>
    gql(who, 'query($f: ID!, $a: DateTime) { alignedDefinitions(firmId: $f, asOf: $a) { questionKey answer outcome lockedAt decision { id title } } }', { f: firmId, a: asOf });

  let visionId: string; // raised at T0 (VISION, weight 4)
  let processId: string; // raised at day 1 (PROCESS, weight 2), deferred
  let fromCheckId: string; // raised by the check closed at day 2 (VISION)
  let checkId: string;
  let firstId: string;
  let secondId: string;

  describe('when disagreements are raised by hand', () => {
    it('lets a facilitator raise one with the partners’ positions', async () => {
      const result = await raise('fay', {
        topic: 'Do we take litigation work?',
        layer: 'VISION',
        positions: [{ memberId: id.ann, text: 'Never' }, { memberId: id.bob, text: 'Only for existing clients' }],
      });
      expect(result.errors).toBeUndefined();
      const raised = result.data.raiseDisagreement;
      visionId = raised.id;
      expect(raised).toEqual({
        id: expect.any(String), firmId, topic: 'Do we take litigation work?', layer: 'VISION', status: 'OPEN', raisedAt: T0, resolvedAt: null,
        checkId: null, questionKey: null, deferrals: [], openDays: 0, resolvedBy: null,
        positions: [{ member: { id: id.ann, name: 'Ann' }, text: 'Never' }, { member: { id: id.bob, name: 'Bob' }, text: 'Only for existing clients' }],
      });
    });

    it('lets a partner raise one on another layer', async () => {
      clock.set(day(1));
      const result = await raise('ann', { topic: 'Timesheets weekly or daily?', layer: 'PROCESS', positions: [{ memberId: id.bob, text: 'Weekly' }] });
      processId = result.data.raiseDisagreement.id;
      expect(result.data.raiseDisagreement).toMatchObject({ layer: 'PROCESS', status: 'OPEN', raisedAt: day(1) });
    });

    it('refuses auditors and viewers, and positions of people outside the firm', async () => {
      const input = { topic: 'Anything', layer: 'PEOPLE', positions: [{ memberId: id.ann, text: 'Yes' }] };
      const before = await head();
      expect(codeOf(await raise('aud', input))).toBe('FORBIDDEN');
      expect(codeOf(await raise('vic', input))).toBe('FORBIDDEN');
      expect(codeOf(await raise('zed', input))).toBe('FORBIDDEN');
      expect(codeOf(await raise('ann', { ...input, positions: [{ memberId: id.zed, text: 'No' }] }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await raise('ann', { ...input, topic: '  ' }))).toBe('BAD_USER_INPUT');
      expect(await head()).toBe(before);
    });
  });

  describe('when a disagreement is deferred', () => {
    it('keeps it open as DEFERRED with every reason', async () => {
      clock.set(day(2));
      const defer = (who: keyof typeof token, reason: string) =>
        gql(who, `mutation($d: ID!, $r: String!) { deferDisagreement(disagreementId: $d, reason: $r) { ${DISAGREEMENT} } }`, { d: processId, r: reason });
      await defer('fay', 'After the merger');
      const result = await defer('ann', 'Still busy');
      expect(result.data.deferDisagreement).toMatchObject({ status: 'DEFERRED', deferrals: ['After the merger', 'Still busy'], resolvedAt: null, openDays: 1 });
      expect(codeOf(await defer('aud', 'Later'))).toBe('FORBIDDEN');
      expect(codeOf(await defer('zed', 'Later'))).toBe('NOT_FOUND');
      expect(codeOf(await defer('ann', ''))).toBe('BAD_USER_INPUT');
    });

    it('lists disagreements by status', async () => {
      const list = await gql('vic', 'query($f: ID!) { open: disagreements(firmId: $f, status: OPEN) { id } all: disagreements(firmId: $f) { id } }', { f: firmId });
      expect(list.data).toEqual({ open: [{ id: visionId }], all: [{ id: visionId }, { id: processId }] });
    });
  });

  describe('conflict debt', () => {
    it('adds age × layer weight over open and deferred disagreements, now', async () => {
      const result = await debt('vic');
      expect(result.data.conflictDebt).toEqual({
        firmId, asOf: day(2), total: 10, openCount: 2, oldestOpenDays: 2, paid: [],
        items: [
          { disagreement: { id: visionId, status: 'OPEN' }, ageDays: 2, weight: 4, debt: 8 },
          { disagreement: { id: processId, status: 'DEFERRED' }, ageDays: 1, weight: 2, debt: 2 },
        ],
      });
    });

    it('is zero before anything was raised', async () => {
      const result = await debt('aud', '2026-01-01T00:00:00Z');
      expect(result.data.conflictDebt).toEqual({
        firmId, asOf: '2026-01-01T00:00:00.000Z', total: 0, openCount: 0, oldestOpenDays: null, items: [], paid: [],
      });
    });

    it('grows by weight × days into the future', async () => {
      const asOf = new Date(Date.parse(T0) + 12.25 * 86_400_000).toISOString();
      const result = await debt('ann', asOf);
      // VISION 12.25 days × 4 = 49; PROCESS 11.25 days × 2 = 22.5.
      expect(result.data.conflictDebt).toMatchObject({ total: 71.5, openCount: 2, oldestOpenDays: 12.25 });
      expect(result.data.conflictDebt.items.map((i: any) => [i.ageDays, i.debt])).toEqual([[12.25, 49], [11.25, 22.5]]);
    });

    it('is not readable by another firm', async () => {
      expect(codeOf(await debt('zed'))).toBe('FORBIDDEN');
    });
  });

  describe('when a check closes with a MISMATCH', () => {
    it('raises a VISION disagreement carrying each partner’s answer', async () => {
      const opened = await gql('fay', 'mutation($f: ID!) { openCheck(firmId: $f) { id questions { key } } }', { f: firmId });
      expect(opened.errors).toBeUndefined();
      checkId = opened.data.openCheck.id;
      const answers: Record<string, [string, string]> = {
        client_outcome: ['Whether their filings are on time', 'Whether their filings are on time'],
        optimizing_for: ['Fixed-fee advisory margins above 30 percent', 'Growing litigation headcount to twelve lawyers'],
        refuse_to_do: ['Contingency-fee cases', 'Contingency-fee cases'],
      };
      for (const [key, [annText, bobText]] of Object.entries(answers)) {
        for (const [who, text] of [['ann', annText], ['bob', bobText]] as const) {
          const submitted = await gql(who, 'mutation($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { text } }', { c: checkId, k: key, t: text });
          expect(submitted.errors).toBeUndefined();
        }
      }
      for (const key of Object.keys(answers)) {
        const judgement = key === 'optimizing_for' ? 'MISMATCH' : 'MATCH';
        const judged = await gql('fay', 'mutation($c: ID!, $k: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: $j) { id } }', { c: checkId, k: key, j: judgement });
        expect(judged.errors).toBeUndefined();
      }
      const closed = await gql('fay', 'mutation($c: ID!) { closeCheck(checkId: $c) { status score } }', { c: checkId });
      expect(closed.data.closeCheck).toEqual({ status: 'CLOSED', score: 2 });

      const list = await gql('ann', `query($f: ID!) { disagreements(firmId: $f) { ${DISAGREEMENT} } }`, { f: firmId });
      const raised = list.data.disagreements.filter((d: any) => d.checkId === checkId);
      expect(raised).toEqual([
        expect.objectContaining({
          topic: 'What are we optimizing for this year?', layer: 'VISION', status: 'OPEN', questionKey: 'optimizing_for', raisedAt: day(2),
          positions: [
            { member: { id: id.ann, name: 'Ann' }, text: 'Fixed-fee advisory margins above 30 percent' },
            { member: { id: id.bob, name: 'Bob' }, text: 'Growing litigation headcount to twelve lawyers' },
          ],
        }),
      ]);
      fromCheckId = raised[0].id;
    });
  });

  const firstProposal = () => ({
    title: 'Advisory first',
    outcome: 'Predictable advisory revenue',
    chosenAnswer: 'Fixed-fee advisory for mid-size companies',
    alternatives: ['Litigation growth', 'Hourly billing'],
    rationale: 'Litigation staffing swings wreck our planning',
    layer: 'VISION',
    questionKey: 'optimizing_for',
    resolves: [visionId, processId, fromCheckId],
  });

  describe('when a partner proposes a decision', () => {
    it('refuses bad input without appending anything', async () => {
      const before = await head();
      expect(codeOf(await propose('ann', { ...firstProposal(), outcome: ' ' }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await propose('ann', { ...firstProposal(), rationale: 'x'.repeat(20_001) }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await propose('ann', { ...firstProposal(), questionKey: 'no_such_question' }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await propose('ann', { ...firstProposal(), resolves: [randomUUID()] }))).toBe('NOT_FOUND');
      expect(codeOf(await propose('ann', { ...firstProposal(), supersedes: randomUUID() }))).toBe('NOT_FOUND');
      expect(await head()).toBe(before);
    });

    it('refuses facilitators, auditors, viewers and other firms', async () => {
      const before = await head();
      for (const who of ['fay', 'aud', 'vic', 'zed'] as const) expect(codeOf(await propose(who, firstProposal()))).toBe('FORBIDDEN');
      expect(await head()).toBe(before);
    });

    it('records it as PROPOSED', async () => {
      clock.set(day(3));
      const result = await propose('ann', firstProposal());
      expect(result.errors).toBeUndefined();
      firstId = result.data.proposeDecision.id;
      expect(result.data.proposeDecision).toEqual({
        id: firstId, firmId, ...firstProposal(), status: 'PROPOSED', proposedAt: day(3), lockedAt: null, proposedBy: { name: 'Ann' },
        endorsements: [], supersedes: null, supersededBy: null,
        resolves: [{ id: visionId, status: 'OPEN' }, { id: processId, status: 'DEFERRED' }, { id: fromCheckId, status: 'OPEN' }],
      });
    });
  });

  describe('when partners endorse it', () => {
    it('stays PROPOSED after the first partner', async () => {
      const result = await endorse('ann', firstId);
      expect(result.data.endorseDecision).toMatchObject({ status: 'PROPOSED', lockedAt: null, endorsements: [{ member: { name: 'Ann' }, at: day(3) }] });
    });

    it('refuses a second endorsement by the same partner, facilitators, auditors and other firms', async () => {
      expect(codeOf(await endorse('ann', firstId))).toBe('INVALID_STATE');
      expect(codeOf(await endorse('fay', firstId))).toBe('FORBIDDEN');
      expect(codeOf(await endorse('aud', firstId))).toBe('FORBIDDEN');
      expect(codeOf(await endorse('zed', firstId))).toBe('NOT_FOUND');
      expect(codeOf(await endorse('ann', randomUUID()))).toBe('NOT_FOUND');
    });

    it('locks with the last partner and resolves its disagreements', async () => {
      clock.set(day(5));
      const result = await endorse('bob', firstId);
      expect(result.data.endorseDecision).toMatchObject({
        status: 'LOCKED', lockedAt: day(5),
        endorsements: [{ member: { name: 'Ann' }, at: day(3) }, { member: { name: 'Bob' }, at: day(5) }],
        resolves: [{ id: visionId, status: 'RESOLVED' }, { id: processId, status: 'RESOLVED' }, { id: fromCheckId, status: 'RESOLVED' }],
      });
      const resolved = await gql('vic', `query($d: ID!) { disagreement(id: $d) { ${DISAGREEMENT} } }`, { d: processId });
      expect(resolved.data.disagreement).toMatchObject({
        status: 'RESOLVED', resolvedAt: day(5), openDays: 4, deferrals: ['After the merger', 'Still busy'], resolvedBy: { id: firstId, title: 'Advisory first' },
      });
    });

    it('moves the resolved disagreements from debt to paid, with their final age', async () => {
      clock.set(day(9));
      const result = await debt('ann');
      expect(result.data.conflictDebt).toMatchObject({ total: 0, openCount: 0, oldestOpenDays: null, items: [] });
      // VISION 5 days × 4, check's VISION 3 days × 4, PROCESS 4 days × 2.
      expect(result.data.conflictDebt.paid).toEqual([
        { disagreement: { id: visionId, status: 'RESOLVED' }, ageDays: 5, weight: 4, debt: 20 },
        { disagreement: { id: fromCheckId, status: 'RESOLVED' }, ageDays: 3, weight: 4, debt: 12 },
        { disagreement: { id: processId, status: 'RESOLVED' }, ageDays: 4, weight: 2, debt: 8 },
      ]);
      const beforeLock = await debt('ann', day(4));
      expect(beforeLock.data.conflictDebt).toMatchObject({ total: 4 * 4 + 3 * 2 + 2 * 4, openCount: 3, paid: [] });
    });

    it('explains why it was decided', async () => {
      const result = await gql('aud', `query($d: ID!) { decision(id: $d) { why {
          summary outcome rationale alternatives endorsements { member { name } at }
          resolved { id openDays positions { member { name } text } } checks { id status } supersedes { id } } } }`, { d: firstId });
      expect(result.errors).toBeUndefined();
      expect(result.data.decision.why).toEqual({
        summary:
          'Locked on 2026-01-10 by Ann and Bob to optimize for Predictable advisory revenue: chose “Fixed-fee advisory for mid-size companies” ' +
          'over “Litigation growth” and “Hourly billing”, resolving 3 disagreements open 4 days on average.',
        outcome: 'Predictable advisory revenue',
        rationale: 'Litigation staffing swings wreck our planning',
        alternatives: ['Litigation growth', 'Hourly billing'],
        endorsements: [{ member: { name: 'Ann' }, at: day(3) }, { member: { name: 'Bob' }, at: day(5) }],
        resolved: [
          { id: visionId, openDays: 5, positions: [{ member: { name: 'Ann' }, text: 'Never' }, { member: { name: 'Bob' }, text: 'Only for existing clients' }] },
          { id: processId, openDays: 4, positions: [{ member: { name: 'Bob' }, text: 'Weekly' }] },
          {
            id: fromCheckId, openDays: 3,
            positions: [
              { member: { name: 'Ann' }, text: 'Fixed-fee advisory margins above 30 percent' },
              { member: { name: 'Bob' }, text: 'Growing litigation headcount to twelve lawyers' },
            ],
          },
        ],
        checks: [{ id: checkId, status: 'CLOSED' }],
        supersedes: null,
      });
    });

    it('defines optimizing_for from its lock on', async () => {
      expect((await aligned('vic')).data.alignedDefinitions).toEqual([
        { questionKey: 'optimizing_for', answer: 'Fixed-fee advisory for mid-size companies', outcome: 'Predictable advisory revenue', lockedAt: day(5), decision: { id: firstId, title: 'Advisory first' } },
      ]);
      expect((await aligned('vic', day(4))).data.alignedDefinitions).toEqual([]);
      expect(codeOf(await aligned('zed'))).toBe('FORBIDDEN');
    });
  });

  describe('when a newer decision supersedes it', () => {
    const secondProposal = () => ({
      title: 'Advisory and compliance',
      outcome: 'Recurring compliance retainers',
      chosenAnswer: 'Annual compliance retainers for mid-size companies',
      alternatives: [],
      rationale: 'Retainers smooth the cash flow better than projects.',
      layer: 'VISION',
      questionKey: 'optimizing_for',
      supersedes: firstId,
    });

    it('supersedes the first once locked, linking both ways', async () => {
      clock.set(day(10));
      const proposed = await propose('bob', secondProposal());
      expect(proposed.errors).toBeUndefined();
      secondId = proposed.data.proposeDecision.id;
      expect(proposed.data.proposeDecision).toMatchObject({ status: 'PROPOSED', supersedes: { id: firstId } });
      await endorse('bob', secondId);
      clock.set(day(12));
      const locked = await endorse('ann', secondId);
      expect(locked.data.endorseDecision).toMatchObject({ status: 'LOCKED', lockedAt: day(12), supersedes: { id: firstId } });
      const first = await gql('ann', `query($d: ID!) { decision(id: $d) { status supersededBy { id } } }`, { d: firstId });
      expect(first.data.decision).toEqual({ status: 'SUPERSEDED', supersededBy: { id: secondId } });
    });

    it('tells the story back through the superseded decision', async () => {
      const result = await gql('ann', `query($d: ID!) { decision(id: $d) { why { summary supersedes { id why { summary } } } } }`, { d: secondId });
      expect(result.data.decision.why.summary).toBe(
        'Locked on 2026-01-17 by Bob and Ann to optimize for Recurring compliance retainers: chose “Annual compliance retainers for mid-size companies”; ' +
          'supersedes “Advisory first”.',
      );
      expect(result.data.decision.why.supersedes.id).toBe(firstId);
      expect(result.data.decision.why.supersedes.why.summary).toMatch(/^Locked on 2026-01-10 .* Superseded on 2026-01-17 by “Advisory and compliance”\.$/);
    });

    it('answers aligned definitions as of any instant', async () => {
      const keyed = async (asOf?: string) => (await aligned('ann', asOf)).data.alignedDefinitions.map((d: any) => [d.questionKey, d.decision.id]);
      expect(await keyed()).toEqual([['optimizing_for', secondId]]);
      expect(await keyed(day(11))).toEqual([['optimizing_for', firstId]]);
      expect(await keyed(day(12))).toEqual([['optimizing_for', secondId]]);
      expect(await keyed(day(4))).toEqual([]);
    });

    it('refuses to endorse or supersede the superseded decision', async () => {
      const before = await head();
      expect(codeOf(await endorse('ann', firstId))).toBe('INVALID_STATE');
      expect(codeOf(await propose('ann', { ...secondProposal(), title: 'Third' }))).toBe('INVALID_STATE');
      expect(await head()).toBe(before);
    });

    it('lists decisions by status', async () => {
      const list = await gql('vic', 'query($f: ID!) { locked: decisions(firmId: $f, status: LOCKED) { id } all: decisions(firmId: $f) { id status } }', { f: firmId });
      expect(list.data).toEqual({ locked: [{ id: secondId }], all: [{ id: firstId, status: 'SUPERSEDED' }, { id: secondId, status: 'LOCKED' }] });
    });
  });

  describe('reading by id', () => {
    it('answers NOT_FOUND for unknown ids and for another firm’s alike', async () => {
      const unknown = randomUUID();
      expect(codeOf(await gql('ann', 'query($d: ID!) { decision(id: $d) { id } }', { d: unknown }))).toBe('NOT_FOUND');
      expect(codeOf(await gql('ann', 'query($d: ID!) { disagreement(id: $d) { id } }', { d: unknown }))).toBe('NOT_FOUND');
      expect(codeOf(await gql('ann', 'mutation($d: ID!) { deferDisagreement(disagreementId: $d, reason: "x") { id } }', { d: unknown }))).toBe('NOT_FOUND');
      expect(codeOf(await gql('zed', 'query($d: ID!) { decision(id: $d) { id } }', { d: firstId }))).toBe('NOT_FOUND');
      expect(codeOf(await gql('zed', 'query($d: ID!) { disagreement(id: $d) { id } }', { d: visionId }))).toBe('NOT_FOUND');
      expect(codeOf(await postGraphql<any>(server, 'query($d: ID!) { decision(id: $d) { id } }', { d: firstId }))).toBe('UNAUTHENTICATED');
    });

    it('does not let another firm resolve this firm’s disagreements', async () => {
      const zedFirm = (await gql('zed', '{ me { firmId } }')).data.me.firmId;
      const result = await propose('zed', { ...firstProposal(), questionKey: null, resolves: [visionId] }, zedFirm);
      expect(codeOf(result)).toBe('NOT_FOUND');
    });
  });
});
