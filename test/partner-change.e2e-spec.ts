import { postGraphql, startApiServer, type ApiServer } from './support/api-server';

const PROPOSE = `mutation ($f: ID!) { proposeDecision(firmId: $f, input: { title: "Fees", outcome: "Predictable income",
  chosenAnswer: "Monthly retainers", alternatives: ["Hourly billing"], rationale: "Clients budget for them", layer: PROCESS }) { id } }`;
const ENDORSE = `mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }`;
const STATUS = `query ($d: ID!) { decision(id: $d) { status lockedAt endorsements { member { name } } } }`;

describe('when a partner stops being one while a decision waits for endorsements', () => {
  let server: ApiServer;
  beforeAll(async () => (server = await startApiServer()));
  afterAll(() => server.close());

  async function ok<T = any>(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await postGraphql<T>(server, query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }

  /** A firm of three partners with a decision the first two have endorsed. */
  async function waitingDecision() {
    const founded = await ok(undefined, `mutation { createFirm(input: { name: "Three", kind: AGENCY, founderName: "Ann" }) { token firm { id } } }`);
    const firmId = founded.createFirm.firm.id;
    const ann = founded.createFirm.token;
    const join = async (name: string) => (await ok(ann, `mutation ($f: ID!, $n: String!) { addMember(firmId: $f, input: { name: $n, role: PARTNER }) { token member { id } } }`, { f: firmId, n: name })).addMember;
    const bob = await join('Bob');
    const cid = await join('Cid');
    const decisionId = (await ok(ann, PROPOSE, { f: firmId })).proposeDecision.id;
    await ok(ann, ENDORSE, { d: decisionId });
    expect((await ok(bob.token, ENDORSE, { d: decisionId })).endorseDecision.status).toBe('PROPOSED');
    return { firmId, ann, cidId: cid.member.id, decisionId };
  }

  it('locks the decision when the partner who had not endorsed leaves', async () => {
    const { firmId, ann, cidId, decisionId } = await waitingDecision();
    await ok(ann, `mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }`, { f: firmId, m: cidId });
    const { decision } = await ok(ann, STATUS, { d: decisionId });
    expect(decision.status).toBe('LOCKED');
    expect(decision.endorsements.map((e: { member: { name: string } }) => e.member.name)).toEqual(['Ann', 'Bob']);
  });

  it('locks the decision when that partner becomes a facilitator', async () => {
    const { firmId, ann, cidId, decisionId } = await waitingDecision();
    await ok(ann, `mutation ($f: ID!, $m: ID!) { changeMemberRole(firmId: $f, memberId: $m, role: FACILITATOR) { role } }`, { f: firmId, m: cidId });
    expect((await ok(ann, STATUS, { d: decisionId })).decision.status).toBe('LOCKED');
  });

  it('leaves it waiting while an active partner has yet to endorse (a viewer left)', async () => {
    const { firmId, ann, decisionId } = await waitingDecision();
    const dan = (await ok(ann, `mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Dan", role: VIEWER }) { member { id } } }`, { f: firmId })).addMember.member.id;
    await ok(ann, `mutation ($f: ID!, $m: ID!) { removeMember(firmId: $f, memberId: $m) { id } }`, { f: firmId, m: dan });
    expect((await ok(ann, STATUS, { d: decisionId })).decision.status).toBe('PROPOSED');
  });
});
