import { gqlOk } from '../support/bench-server';

/**
 * A firm made through the API like a user would: a founding partner who runs the checks, and
 * viewers (dashboards) whose tokens the subscribers share. Drift is produced for real: a check of
 * one question judged MATCH (score 1/1), then one judged MISMATCH (0/1), whose close records a

 * SCORE_DROP (and a disagreement, from the founder's answer); the next "high" check resets the basis for the next drop.
 */
export interface DriftFirm {
  firmId: string;
  partnerToken: string;
  /** The two partners, the participants of every check (a check needs two). */
  participantIds: string[];
  viewerTokens: string[];
}

const QUESTION = { key: 'bench_focus', prompt: 'Which client matters do we take on first this quarter?' };

export async function createDriftFirm(url: string, viewers: number): Promise<DriftFirm> {
  const created = await gqlOk(url, 'mutation { createFirm(input: { name: "Fanout & Partners", kind: LAW, founderName: "Ann" }) { token firm { id } } }');
  const firmId: string = created.createFirm.firm.id;
  const partnerToken: string = created.createFirm.token;
  const founder = await gqlOk(url, '{ me { id } }', {}, partnerToken);
  const second = await gqlOk(
    url,
    'mutation ($f: ID!) { addMember(firmId: $f, input: { name: "Bob", role: PARTNER }) { member { id } } }',
    { f: firmId },
    partnerToken,
  );
  const viewerTokens: string[] = [];
  for (let i = 0; i < viewers; i++) {
    const added = await gqlOk(
      url,
      'mutation ($f: ID!, $n: String!) { addMember(firmId: $f, input: { name: $n, role: VIEWER }) { token } }',
      { f: firmId, n: `Dashboard ${i + 1}` },
      partnerToken,
    );
    viewerTokens.push(added.addMember.token);
  }
  return { firmId, partnerToken, participantIds: [founder.me.id, second.addMember.member.id], viewerTokens };
}

/** Opens a one-question check, lets the founder answer, force-reveals and judges it; returns its id, ready to close. */
export async function prepareCheck(url: string, firm: DriftFirm, judgement: 'MATCH' | 'MISMATCH'): Promise<string> {
  const opened = await gqlOk(
    url,
    'mutation ($f: ID!, $i: OpenCheckInput) { openCheck(firmId: $f, input: $i) { id } }',
    { f: firm.firmId, i: { questions: [QUESTION], participantIds: firm.participantIds } },
    firm.partnerToken,
  );
  const checkId: string = opened.openCheck.id;
  await gqlOk(
    url,
    'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }',
    { c: checkId, k: QUESTION.key, t: 'Fixed-fee contract reviews for the three largest retail clients' },
    firm.partnerToken,
  );
  await gqlOk(url, 'mutation ($c: ID!) { revealCheck(checkId: $c) { status } }', { c: checkId }, firm.partnerToken);
  await gqlOk(
    url,
    'mutation ($c: ID!, $k: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: $j) { status } }',
    { c: checkId, k: QUESTION.key, j: judgement },
    firm.partnerToken,
  );
  return checkId;
}

export async function closeCheck(url: string, firm: DriftFirm, checkId: string): Promise<{ score: number }> {
  const closed = await gqlOk(url, 'mutation ($c: ID!) { closeCheck(checkId: $c) { score } }', { c: checkId }, firm.partnerToken);
  return closed.closeCheck;
}

export async function headPosition(url: string, token: string): Promise<number> {
  return (await gqlOk(url, '{ serverStatus { headPosition } }', {}, token)).serverStatus.headPosition;
}
