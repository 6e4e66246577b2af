import { gql } from '../support/bench-server';
import { endorsementProblem, ENDORSE_DECISION, SUBMIT_ANSWER, type Mutation } from './write-requests';

const CHECK_BACK = `query CheckBack($id: ID!) { check(id: $id) { id status questions { key answers { text member { id } } } } }`;
const DECISION_BACK = `query DecisionBack($id: ID!) { decision(id: $id) { id status endorsements { member { id } } } }`;

/**
 * Read-your-writes, sampled while the load runs: a client of its own sends a mutation from the
 * same pool, then at once reads the check or decision back with the same token. The server
 * promises (libs/platform/src/write/consistency.ts) that a mutation returns only once its events
 * are projected and the process managers' reactions to them too, so the read must show the
 * write, and the last answer a revealed check, the last endorsement a locked decision.
 */
export class ReadYourWrites {
  samples = 0;
  readonly failures: string[] = [];
  private stopped = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly httpUrl: string,
    private readonly take: () => Mutation | undefined,
    private readonly confirmed: (mutation: Mutation) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const mutation = this.take();
      if (!mutation) return;
      const problem = await this.sample(mutation).catch((error: Error) => `transport: ${error.message}`);
      this.samples++;
      if (problem) this.failures.push(`${mutation.kind} ${mutation.targetId} by ${mutation.memberId}: ${problem}`);
      else this.confirmed(mutation);
    }
  }

  /** What is wrong, or null. */
  async sample(mutation: Mutation): Promise<string | null> {
    if (mutation.kind === 'submitAnswer') {
      const written = await gql(this.httpUrl, SUBMIT_ANSWER, { checkId: mutation.targetId, key: mutation.questionKey, text: mutation.text }, mutation.token);
      if (written.errors?.length) return `mutation failed: ${JSON.stringify(written.errors)}`;
      const read = await gql(this.httpUrl, CHECK_BACK, { id: mutation.targetId }, mutation.token);
      const check = read.data?.check;
      if (!check) return `read back failed: ${JSON.stringify(read.errors)}`;
      // The caller reads their own answers while the others' stay sealed.
      const question = check.questions.find((q: { key: string }) => q.key === mutation.questionKey);
      const own = question?.answers.find((a: { member: { id: string } }) => a.member.id === mutation.memberId);
      if (own?.text !== mutation.text) return 'the check read right after does not show the answer';
      if (mutation.completes && check.status !== 'REVEALED') return `the last answer is in but the check read right after is ${check.status}`;
      return null;
    }
    const written = await gql(this.httpUrl, ENDORSE_DECISION, { id: mutation.targetId }, mutation.token);
    if (written.errors?.length) return `mutation failed: ${JSON.stringify(written.errors)}`;
    const inResponse = endorsementProblem(JSON.stringify(written), mutation);
    if (inResponse) return `in the mutation's response: ${inResponse}`;
    const read = await gql(this.httpUrl, DECISION_BACK, { id: mutation.targetId }, mutation.token);
    if (!read.data?.decision) return `read back failed: ${JSON.stringify(read.errors)}`;
    const afterwards = endorsementProblem(JSON.stringify(read), mutation);
    return afterwards ? `in the decision read right after: ${afterwards}` : null;
  }
}

const FINAL_STATE = `query Final($checkId: ID!, $decisionId: ID!) { check(id: $checkId) { status } decision(id: $decisionId) { status } }`;

/** After the load: every firm whose whole quarter was written has its check revealed and its decision locked. */
export async function finalStateProblems(httpUrl: string, firms: ReadonlyArray<Mutation['firm']>): Promise<string[]> {
  const problems: string[] = [];
  for (const firm of firms) {
    const partner = firm.members.find((m) => m.role === 'PARTNER')!;
    const read = await gql(httpUrl, FINAL_STATE, { checkId: firm.openCheckId, decisionId: firm.proposedDecisionId }, partner.token);
    const check = read.data?.check?.status;
    const decision = read.data?.decision?.status;
    if (check !== 'REVEALED' || decision !== 'LOCKED') problems.push(`firm ${firm.firmId}: check ${check}, decision ${decision} ${JSON.stringify(read.errors ?? '')}`);
  }
  return problems;
}
