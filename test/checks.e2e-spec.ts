import { postGraphql, startApiServer, type ApiServer } from './support/api-server';

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

interface Person {
  id: string;
  token: string;
}
interface TestFirm {
  id: string;
  partners: Person[];
  facilitator: Person;
  auditor: Person;
  viewer: Person;
}

const CHECK_FIELDS = `id firmId status openedAt revealedAt closedAt score outOf verdict
  participants { id name } answeredBy { id }
  questions { key prompt suggestedJudgement similarity judgement answers { questionKey text vagueTerms member { id } } }`;
const KEYS = ['client_outcome', 'optimizing_for', 'refuse_to_do'];

describe('alignment checks', () => {
  let server: ApiServer;
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Result> =>
    postGraphql<any>(server, query, variables, token);

  /** The data of a successful operation. */
  async function ok(result: Promise<Result>): Promise<any> {
    const { data, errors } = await result;
    expect(errors).toBeUndefined();
    return data;
  }
  async function errorOf(result: Promise<Result>): Promise<{ code: unknown; extensions: Record<string, any> }> {
    const { errors } = await result;
    expect(errors).toHaveLength(1);
    return { code: errors![0].extensions?.code, extensions: errors![0].extensions ?? {} };
  }

  async function newFirm(extraPartners = 1): Promise<TestFirm> {
    const created = await ok(gql(`mutation { createFirm(input: {name: "Hale & Rowe", kind: LAW, founderName: "Ada"}) { token firm { id } member { id } } }`));
    const founder = { id: created.createFirm.member.id, token: created.createFirm.token };
    const firmId = created.createFirm.firm.id;
    const add = async (name: string, role: string): Promise<Person> => {
      const added = await ok(
        gql(`mutation($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }`, { f: firmId, i: { name, role } }, founder.token),
      );
      return { id: added.addMember.member.id, token: added.addMember.token };
    };
    const partners = [founder];
    for (let i = 0; i < extraPartners; i++) partners.push(await add(`Partner ${i + 2}`, 'PARTNER'));
    return { id: firmId, partners, facilitator: await add('Fay', 'FACILITATOR'), auditor: await add('Aud', 'AUDITOR'), viewer: await add('Vic', 'VIEWER') };
  }

  const openCheck = async (firm: TestFirm, by: Person, input?: Record<string, unknown>) =>
    (await ok(gql(`mutation($f: ID!, $i: OpenCheckInput) { openCheck(firmId: $f, input: $i) { ${CHECK_FIELDS} } }`, { f: firm.id, i: input }, by.token))).openCheck;
  const readCheck = async (id: string, by: Person) => (await ok(gql(`query($id: ID!) { check(id: $id) { ${CHECK_FIELDS} } }`, { id }, by.token))).check;
  const submit = (checkId: string, questionKey: string, text: string, by: Person) =>
    gql(
      `mutation($c: ID!, $q: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $q, text: $t) { questionKey text vagueTerms member { id } } }`,
      { c: checkId, q: questionKey, t: text },
      by.token,
    );
  const reveal = (checkId: string, by: Person) => gql(`mutation($c: ID!) { revealCheck(checkId: $c) { ${CHECK_FIELDS} } }`, { c: checkId }, by.token);
  const judge = (checkId: string, questionKey: string, judgement: string, by: Person) =>
    gql(`mutation($c: ID!, $q: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $q, judgement: $j) { ${CHECK_FIELDS} } }`, { c: checkId, q: questionKey, j: judgement }, by.token);
  const close = (checkId: string, by: Person) => gql(`mutation($c: ID!) { closeCheck(checkId: $c) { ${CHECK_FIELDS} } }`, { c: checkId }, by.token);
  const headPosition = async () => (await ok(gql('{ serverStatus { headPosition } }'))).serverStatus.headPosition as number;
  const texts = (check: any) => check.questions.flatMap((q: any) => q.answers.map((a: any) => a.text));

  beforeAll(async () => {
    server = await startApiServer();
  });
  afterAll(async () => server?.close());

  describe('a check with two partners', () => {
    let firm: TestFirm;
    let check: any;
    let ada: Person;
    let ben: Person;

    beforeAll(async () => {
      firm = await newFirm();
      [ada, ben] = firm.partners;
    });

    it('opens with the three standard questions and every partner as participant', async () => {
      check = await openCheck(firm, firm.facilitator);
      expect(check).toMatchObject({ firmId: firm.id, status: 'OPEN', score: null, verdict: null, closedAt: null, answeredBy: [] });
      expect(check.questions.map((q: any) => q.key)).toEqual(KEYS);
      expect(check.participants.map((p: any) => p.id)).toEqual([ada.id, ben.id]);
    });

    describe('when one partner has answered', () => {
      beforeAll(async () => {
        await ok(submit(check.id, 'client_outcome', 'Clients stop worrying about compliance risk', ada));
      });

      it('shows the author their own answer', async () => {
        const seen = await readCheck(check.id, ada);
        expect(seen.questions[0].answers).toEqual([
          { questionKey: 'client_outcome', text: 'Clients stop worrying about compliance risk', vagueTerms: [], member: { id: ada.id } },
        ]);
      });

      it('shows no answer text to the other partner, the facilitator, the auditor or the viewer', async () => {
        for (const reader of [ben, firm.facilitator, firm.auditor, firm.viewer]) {
          const seen = await readCheck(check.id, reader);
          expect(texts(seen)).toEqual([]);
          expect(seen.questions.every((q: any) => q.suggestedJudgement === null && q.similarity === null)).toBe(true);
        }
      });

      it('tells who answered every question, never what', async () => {
        expect((await readCheck(check.id, ben)).answeredBy).toEqual([]);
        await ok(submit(check.id, 'optimizing_for', 'Partner profit per hour', ada));
        await ok(submit(check.id, 'refuse_to_do', 'Hourly billing for startups', ada));
        const seen = await readCheck(check.id, firm.viewer);
        expect(seen.answeredBy).toEqual([{ id: ada.id }]);
        expect(texts(seen)).toEqual([]);
      });

      it('lets the author revise an answer before the reveal', async () => {
        const revised = await ok(submit(check.id, 'optimizing_for', 'Partner profit per billed hour', ada));
        expect(revised.submitAnswer).toEqual({ questionKey: 'optimizing_for', text: 'Partner profit per billed hour', vagueTerms: [], member: { id: ada.id } });
        expect((await readCheck(check.id, ada)).questions[1].answers[0].text).toBe('Partner profit per billed hour');
      });
    });

    describe('when an answer is not acceptable', () => {
      it('refuses an answer made only of abstract words with VAGUE_ANSWER naming them', async () => {
        const error = await errorOf(submit(check.id, 'optimizing_for', 'Excellence and quality', ben));
        expect(error.code).toBe('VAGUE_ANSWER');
        expect(error.extensions.vagueTerms).toEqual(['excellence', 'quality']);
      });

      it('accepts an answer that merely contains abstract words and warns of them', async () => {
        const answer = await ok(submit(check.id, 'optimizing_for', 'Excellence in partner profit per billed hour', ben));
        expect(answer.submitAnswer.vagueTerms).toEqual(['excellence']);
      });

      it('refuses answers from a facilitator or an auditor (FORBIDDEN)', async () => {
        expect((await errorOf(submit(check.id, 'refuse_to_do', 'Pro bono work', firm.facilitator))).code).toBe('FORBIDDEN');
        expect((await errorOf(submit(check.id, 'refuse_to_do', 'Pro bono work', firm.auditor))).code).toBe('FORBIDDEN');
      });

      it('refuses an unknown question key (BAD_USER_INPUT)', async () => {
        expect((await errorOf(submit(check.id, 'no_such_question', 'Litigation', ben))).code).toBe('BAD_USER_INPUT');
      });

      it('refuses an over-long or empty text and records nothing', async () => {
        const before = await headPosition();
        expect((await errorOf(submit(check.id, 'refuse_to_do', 'x'.repeat(2001), ben))).code).toBe('BAD_USER_INPUT');
        expect((await errorOf(submit(check.id, 'refuse_to_do', '   ', ben))).code).toBe('BAD_USER_INPUT');
        expect((await errorOf(submit(check.id, 'refuse_to_do', '', ben))).code).toBe('BAD_USER_INPUT');
        expect(await headPosition()).toBe(before);
      });

      it('refuses judging before the reveal (INVALID_STATE)', async () => {
        const other = await openCheck(firm, ada);
        expect((await errorOf(judge(other.id, 'client_outcome', 'MATCH', firm.facilitator))).code).toBe('INVALID_STATE');
        expect((await errorOf(close(other.id, firm.facilitator))).code).toBe('INVALID_STATE');
      });
    });

    describe('when the last answer is in', () => {
      beforeAll(async () => {
        await ok(submit(check.id, 'client_outcome', 'Clients stop worrying about missing strategic opportunities', ben));
        await ok(submit(check.id, 'refuse_to_do', 'Hourly billing for startups', ben));
      });

      it('is revealed by itself, with suggested judgements', async () => {
        const seen = await readCheck(check.id, firm.facilitator);
        expect(seen.status).toBe('REVEALED');
        expect(seen.revealedAt).toEqual(expect.any(String));
        expect(seen.answeredBy).toEqual([{ id: ada.id }, { id: ben.id }]);
        const [outcome, optimizing, refuse] = seen.questions;
        expect(outcome).toMatchObject({ suggestedJudgement: 'MISMATCH', similarity: expect.any(Number), judgement: null });
        expect(outcome.similarity).toBeLessThan(0.8);
        expect(refuse).toMatchObject({ suggestedJudgement: 'MATCH', similarity: 1 });
        expect(optimizing.answers.map((a: any) => a.member.id)).toEqual([ada.id, ben.id]);
      });

      it('shows every answer to every member of the firm, in participant order', async () => {
        for (const reader of [ada, ben, firm.facilitator, firm.auditor, firm.viewer]) {
          const seen = await readCheck(check.id, reader);
          expect(seen.questions[0].answers.map((a: any) => a.text)).toEqual([
            'Clients stop worrying about compliance risk',
            'Clients stop worrying about missing strategic opportunities',
          ]);
        }
      });

      it('refuses an answer after the reveal (INVALID_STATE)', async () => {
        expect((await errorOf(submit(check.id, 'refuse_to_do', 'Litigation', ada))).code).toBe('INVALID_STATE');
      });

      it('refuses to close before every question is judged (INVALID_STATE)', async () => {
        await ok(judge(check.id, 'client_outcome', 'MISMATCH', firm.facilitator));
        expect((await errorOf(close(check.id, firm.facilitator))).code).toBe('INVALID_STATE');
      });

      it('refuses judgements from an auditor or a viewer (FORBIDDEN)', async () => {
        expect((await errorOf(judge(check.id, 'optimizing_for', 'MATCH', firm.auditor))).code).toBe('FORBIDDEN');
        expect((await errorOf(judge(check.id, 'optimizing_for', 'MATCH', firm.viewer))).code).toBe('FORBIDDEN');
      });

      it('scores the check on close: two of three is FRICTION', async () => {
        await ok(judge(check.id, 'optimizing_for', 'MATCH', ada));
        const judged = (await ok(judge(check.id, 'refuse_to_do', 'MATCH', firm.facilitator))).judgeQuestion;
        expect(judged.questions.map((q: any) => q.judgement)).toEqual(['MISMATCH', 'MATCH', 'MATCH']);
        const closed = (await ok(close(check.id, firm.facilitator))).closeCheck;
        expect(closed).toMatchObject({ status: 'CLOSED', score: 2, outOf: 3, verdict: 'FRICTION', closedAt: expect.any(String) });
      });
    });
  });

  describe('verdicts and the alignment history', () => {
    let firm: TestFirm;

    /** Opens a check, has the facilitator force the reveal, judges each question as given and closes it. */
    async function checkJudged(judgements: string[]): Promise<any> {
      const { id } = await openCheck(firm, firm.facilitator);
      const revealed = (await ok(reveal(id, firm.facilitator))).revealCheck;
      expect(revealed.status).toBe('REVEALED');
      for (const [i, judgement] of judgements.entries()) await ok(judge(id, KEYS[i], judgement, firm.facilitator));
      return (await ok(close(id, firm.partners[0]))).closeCheck;
    }

    beforeAll(async () => {
      firm = await newFirm();
    });

    it('lets a facilitator force the reveal before every answer is in', async () => {
      const check = await openCheck(firm, firm.partners[0]);
      await ok(submit(check.id, 'client_outcome', 'Audit findings', firm.partners[0]));
      expect((await errorOf(reveal(check.id, firm.viewer))).code).toBe('FORBIDDEN');
      const revealed = (await ok(reveal(check.id, firm.facilitator))).revealCheck;
      expect(revealed.status).toBe('REVEALED');
      expect(revealed.answeredBy).toEqual([]);
      expect(revealed.questions[0]).toMatchObject({ suggestedJudgement: 'MISMATCH', similarity: 0, answers: [{ text: 'Audit findings' }] });
      expect((await errorOf(reveal(check.id, firm.facilitator))).code).toBe('INVALID_STATE');
    });

    it('is ALIGNED with every question matched', async () => {
      expect(await checkJudged(['MATCH', 'MATCH', 'MATCH'])).toMatchObject({ score: 3, outOf: 3, verdict: 'ALIGNED' });
    });

    it('is FRICTION with two of three', async () => {
      expect(await checkJudged(['MATCH', 'MISMATCH', 'MATCH'])).toMatchObject({ score: 2, verdict: 'FRICTION' });
    });

    it('is FRACTURE with one of three', async () => {
      expect(await checkJudged(['MISMATCH', 'MATCH', 'MISMATCH'])).toMatchObject({ score: 1, verdict: 'FRACTURE' });
    });

    it('is SPLIT with none', async () => {
      expect(await checkJudged(['MISMATCH', 'MISMATCH', 'MISMATCH'])).toMatchObject({ score: 0, verdict: 'SPLIT' });
    });

    it('lists closed checks oldest first in alignmentHistory, for any role', async () => {
      for (const reader of [firm.partners[0], firm.auditor, firm.viewer]) {
        const { alignmentHistory } = await ok(
          gql(`query($f: ID!) { alignmentHistory(firmId: $f) { checkId closedAt score outOf verdict mismatched } }`, { f: firm.id }, reader.token),
        );
        expect(alignmentHistory.map((s: any) => s.verdict)).toEqual(['ALIGNED', 'FRICTION', 'FRACTURE', 'SPLIT']);
        expect(alignmentHistory[2]).toMatchObject({ score: 1, outOf: 3, mismatched: ['client_outcome', 'refuse_to_do'] });
        const times = alignmentHistory.map((s: any) => s.closedAt);
        expect([...times].sort()).toEqual(times);
      }
    });

    it('lists checks newest first, optionally by status', async () => {
      const all = (await ok(gql(`query($f: ID!) { checks(firmId: $f) { id status } }`, { f: firm.id }, firm.viewer.token))).checks;
      expect(all).toHaveLength(5);
      expect(all[4].status).toBe('REVEALED');
      const closed = (await ok(gql(`query($f: ID!) { checks(firmId: $f, status: CLOSED) { id verdict } }`, { f: firm.id }, firm.viewer.token))).checks;
      expect(closed.map((c: any) => c.verdict)).toEqual(['SPLIT', 'FRACTURE', 'FRICTION', 'ALIGNED']);
    });
  });

  describe('when six partners answer five questions at once', () => {
    it('records all thirty answers and reveals the check', async () => {
      const firm = await newFirm(5);
      const questions = [1, 2, 3, 4, 5].map((n) => ({ key: `q${n}`, prompt: `Question number ${n}?` }));
      const check = await openCheck(firm, firm.facilitator, { questions });
      expect(check.participants).toHaveLength(6);
      const results = await Promise.all(
        firm.partners.flatMap((partner, p) => questions.map((q) => submit(check.id, q.key, `Answer of partner ${p} to ${q.key}: fixed fees`, partner))),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
      const seen = await readCheck(check.id, firm.auditor);
      expect(seen.status).toBe('REVEALED');
      expect(seen.answeredBy).toHaveLength(6);
      for (const q of seen.questions) {
        expect(q.answers.map((a: any) => a.text)).toEqual(firm.partners.map((_, p) => `Answer of partner ${p} to ${q.key}: fixed fees`));
      }
    });
  });

  describe('access', () => {
    let firm: TestFirm;
    let stranger: TestFirm;
    let check: any;

    beforeAll(async () => {
      [firm, stranger] = [await newFirm(), await newFirm()];
      check = await openCheck(firm, firm.partners[0]);
    });

    it("refuses another firm's member reading or answering a check (NOT_FOUND by id, FORBIDDEN by firm)", async () => {
      const outsider = stranger.partners[0];
      expect((await errorOf(gql(`query($id: ID!) { check(id: $id) { id } }`, { id: check.id }, outsider.token))).code).toBe('NOT_FOUND');
      expect((await errorOf(submit(check.id, 'client_outcome', 'Audit findings', outsider))).code).toBe('NOT_FOUND');
      expect((await errorOf(reveal(check.id, stranger.facilitator))).code).toBe('NOT_FOUND');
      expect((await errorOf(gql(`query($f: ID!) { alignmentHistory(firmId: $f) { checkId } }`, { f: firm.id }, outsider.token))).code).toBe('FORBIDDEN');
      expect((await errorOf(gql(`query($f: ID!) { checks(firmId: $f) { id } }`, { f: firm.id }, outsider.token))).code).toBe('FORBIDDEN');
    });

    it('refuses an auditor or a viewer opening a check (FORBIDDEN)', async () => {
      for (const by of [firm.auditor, firm.viewer]) {
        expect((await errorOf(gql(`mutation($f: ID!) { openCheck(firmId: $f) { id } }`, { f: firm.id }, by.token))).code).toBe('FORBIDDEN');
      }
    });

    it('refuses a request without a token (UNAUTHENTICATED)', async () => {
      expect((await errorOf(gql(`query($id: ID!) { check(id: $id) { id } }`, { id: check.id }))).code).toBe('UNAUTHENTICATED');
      expect((await errorOf(submit(check.id, 'client_outcome', 'Audit findings', { id: '', token: '' }))).code).toBe('UNAUTHENTICATED');
    });

    it('answers NOT_FOUND for an unknown check', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await errorOf(gql(`query($id: ID!) { check(id: $id) { id } }`, { id: unknown }, firm.partners[0].token))).code).toBe('NOT_FOUND');
      expect((await errorOf(submit(unknown, 'client_outcome', 'Audit findings', firm.partners[0]))).code).toBe('NOT_FOUND');
    });
  });
});
