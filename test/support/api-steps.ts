import { postGraphql, type ApiServer } from './api-server';

/** A GraphQL call that must succeed: its data, or an error naming the operation and the server's errors. */
export async function mustGraphql<Data = any>(server: ApiServer, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const result = await postGraphql<Data>(server, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** Polls `condition` every 50 ms until it holds. */
export async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface CheckRun {
  firmId: string;
  facilitator: string;
  /** The partners' tokens, in the order of each question's answers. */
  partners: string[];
  /** Per question key, each partner's answer. */
  answers: Record<string, string[]>;
  judgements: Record<string, 'MATCH' | 'MISMATCH'>;
}

/**
 * A check run over the API: the facilitator opens it, the partners answer every question (which reveals
 * it by itself), the facilitator judges each question and closes it.
 */
export async function closedCheck(server: ApiServer, run: CheckRun): Promise<{ checkId: string; score: number }> {
  const { openCheck } = await mustGraphql(server, run.facilitator, 'mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: run.firmId });
  const checkId: string = openCheck.id;
  for (const [key, texts] of Object.entries(run.answers)) {
    for (const [index, token] of run.partners.entries()) {
      await mustGraphql(server, token, 'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }', { c: checkId, k: key, t: texts[index] });
    }
  }
  // The reveal is a reaction to the last answer: wait for it before judging.
  await until(async () => (await mustGraphql(server, run.facilitator, 'query ($c: ID!) { check(id: $c) { status } }', { c: checkId })).check.status === 'REVEALED');
  for (const [key, judgement] of Object.entries(run.judgements)) {
    await mustGraphql(server, run.facilitator, 'mutation ($c: ID!, $k: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: $j) { id } }', { c: checkId, k: key, j: judgement });
  }
  const { closeCheck } = await mustGraphql(server, run.facilitator, 'mutation ($c: ID!) { closeCheck(checkId: $c) { score } }', { c: checkId });
  return { checkId, score: closeCheck.score };
}
