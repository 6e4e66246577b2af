import type { GraphqlClient } from './graphql-client';

/** Moves the demo's time to `day` days after the firm is founded (a no-op against a live server). */
export type TimeTravel = (day: number) => void;

export interface DemoResult {
  firmId: string;
  tokens: { name: string; role: string; token: string }[];
  checkIds: string[];
  decisionIds: { clientOutcome: string; superseded: string; current: string };
  disagreementIds: string[];
}

interface Members {
  maya: string;
  daniel: string;
  priya: string;
}

const Q = {
  createFirm: `mutation ($input: CreateFirmInput!) { createFirm(input: $input) { token firm { id } member { id } } }`,
  addMember: `mutation ($firmId: ID!, $input: AddMemberInput!) { addMember(firmId: $firmId, input: $input) { token member { id } } }`,
  openCheck: `mutation ($firmId: ID!) { openCheck(firmId: $firmId) { id } }`,
  submitAnswer: `mutation ($checkId: ID!, $key: String!, $text: String!) { submitAnswer(checkId: $checkId, questionKey: $key, text: $text) { questionKey } }`,
  check: `query ($id: ID!) { check(id: $id) { status questions { key suggestedJudgement similarity } } }`,
  judge: `mutation ($checkId: ID!, $key: String!, $judgement: Judgement!) { judgeQuestion(checkId: $checkId, questionKey: $key, judgement: $judgement) { id } }`,
  close: `mutation ($checkId: ID!) { closeCheck(checkId: $checkId) { score verdict } }`,
  raise: `mutation ($firmId: ID!, $input: RaiseDisagreementInput!) { raiseDisagreement(firmId: $firmId, input: $input) { id } }`,
  defer: `mutation ($id: ID!, $reason: String!) { deferDisagreement(disagreementId: $id, reason: $reason) { status } }`,
  disagreements: `query ($firmId: ID!) { conflictDebt(firmId: $firmId) { items { disagreement { id checkId questionKey } } } }`,
  propose: `mutation ($firmId: ID!, $input: ProposeDecisionInput!) { proposeDecision(firmId: $firmId, input: $input) { id } }`,
  endorse: `mutation ($id: ID!) { endorseDecision(decisionId: $id) { status } }`,
};

/**
 * The sample firm: two partners, a facilitator, an auditor and a dashboard; a check that ends in
 * FRICTION; a deferred hiring disagreement; a locked decision on what clients stop worrying about;
 * a definition of what the firm optimizes for, superseded a month later; and, a quarter after the
 * first check, a second one that drifts from both definitions and scores lower.
 */
export interface DemoHooks {
  say?: (line: string) => void;
  /** Called once every member has joined, before the first check (tests subscribe here). */
  onMembers?: (firmId: string, tokens: DemoResult['tokens']) => Promise<void>;
}

export async function runDemoScenario(client: GraphqlClient, at: TimeTravel, hooks: DemoHooks = {}): Promise<DemoResult> {
  const say = hooks.say ?? (() => undefined);
  at(0);
  const founded = await client.request(Q.createFirm, { input: { name: 'Harbor & Reed Advisory', kind: 'CONSULTING', founderName: 'Maya Harbor' } });
  const firmId: string = founded.createFirm.firm.id;
  const tokens = [{ name: 'Maya Harbor', role: 'PARTNER', token: founded.createFirm.token as string }];
  const ids: Members = { maya: founded.createFirm.member.id, daniel: '', priya: '' };
  const maya = founded.createFirm.token as string;
  const join = async (name: string, role: string) => {
    const added = await client.request(Q.addMember, { firmId, input: { name, role } }, maya);
    tokens.push({ name, role, token: added.addMember.token });
    return { id: added.addMember.member.id as string, token: added.addMember.token as string };
  };
  const daniel = await join('Daniel Reed', 'PARTNER');
  const priya = await join('Priya Shah', 'FACILITATOR');
  await join('Tom Alvarez', 'AUDITOR');
  await join('Ops dashboard', 'VIEWER');
  ids.daniel = daniel.id;
  ids.priya = priya.id;
  say(`firm ${firmId} founded with 5 members`);
  await hooks.onMembers?.(firmId, tokens);

  at(7);
  const first = await runCheck(client, firmId, priya.token, {
    [maya]: {
      client_outcome: 'Clients stop worrying about compliance risk in cross-border deals',
      optimizing_for: 'Recurring advisory revenue from family businesses',
      refuse_to_do: 'We refuse to do fixed-fee litigation',
    },
    [daniel.token]: {
      client_outcome: 'Clients stop worrying about missing strategic opportunities',
      optimizing_for: 'More recurring revenue from advising family businesses',
      refuse_to_do: 'Fixed fee litigation',
    },
  });
  say(`check 1 closed: ${first.verdict} (${first.score}/3)`);

  at(9);
  const hiring = await client.request(
    Q.raise,
    {
      firmId,
      input: {
        topic: 'Who we hire next: senior generalists or junior specialists',
        layer: 'PEOPLE',
        positions: [
          { memberId: ids.maya, text: 'Two senior generalists who can lead client meetings from day one' },
          { memberId: ids.daniel, text: 'Three junior tax specialists trained in our own methods' },
        ],
      },
    },
    maya,
  );
  await client.request(Q.defer, { id: hiring.raiseDisagreement.id, reason: 'Wait until the Q3 revenue numbers are in' }, priya.token);
  say('hiring disagreement raised and deferred');

  const fromCheck = (await client.request(Q.disagreements, { firmId }, maya)).conflictDebt.items
    .map((item: any) => item.disagreement)
    .find((d: any) => d.checkId === first.checkId && d.questionKey === 'client_outcome');

  at(14);
  const clientOutcome = await lockDecision(client, firmId, [maya, daniel.token], {
    title: 'What clients stop worrying about',
    outcome: 'Repeat mandates from families with cross-border holdings',
    chosenAnswer: 'Clients stop worrying about compliance risk in cross-border deals',
    alternatives: ['Clients stop worrying about missing strategic opportunities'],
    rationale: 'Two thirds of last year\'s fees came from cross-border compliance work, and those clients renew.',
    layer: 'VISION',
    questionKey: 'client_outcome',
    resolves: fromCheck ? [fromCheck.id] : [],
  });
  at(20);
  const superseded = await lockDecision(client, firmId, [maya, daniel.token], {
    title: 'What we optimize for this year',
    outcome: 'Predictable income',
    chosenAnswer: 'Recurring advisory revenue from family businesses',
    alternatives: ['One-off transaction fees'],
    rationale: 'Retainers smooth the cash flow that project work never did.',
    layer: 'VISION',
    questionKey: 'optimizing_for',
  });
  at(50);
  const current = await lockDecision(client, firmId, [maya, daniel.token], {
    title: 'What we optimize for this year, revised',
    outcome: 'Predictable income that outlives the founders',
    chosenAnswer: 'Recurring advisory revenue from family businesses and their next generation',
    alternatives: ['Recurring advisory revenue from family businesses', 'One-off transaction fees'],
    rationale: 'Half of our retainer clients hand over to their children within five years; we want to keep them.',
    layer: 'VISION',
    questionKey: 'optimizing_for',
    supersedes: superseded,
  });
  say('decisions locked; the first definition of optimizing_for is superseded');

  at(98);
  const second = await runCheck(client, firmId, priya.token, {
    [maya]: {
      client_outcome: 'Clients stop worrying about compliance risk in cross-border deals',
      optimizing_for: 'Recurring advisory revenue from the next generation of family businesses',
      refuse_to_do: 'We refuse to do fixed-fee litigation',
    },
    [daniel.token]: {
      client_outcome: 'Clients stop worrying about finding the right acquisition targets',
      optimizing_for: 'Winning three large transaction mandates',
      refuse_to_do: 'Fixed fee litigation',
    },
  });
  say(`check 2 closed a quarter later: ${second.verdict} (${second.score}/3): drift recorded`);

  const open = (await client.request(Q.disagreements, { firmId }, maya)).conflictDebt.items.map((item: any) => item.disagreement.id as string);
  return { firmId, tokens, checkIds: [first.checkId, second.checkId], decisionIds: { clientOutcome, superseded, current }, disagreementIds: open };
}

/** Opens a check, has each partner answer blind, lets it reveal itself, judges as suggested, closes. */
async function runCheck(client: GraphqlClient, firmId: string, facilitator: string, answers: Record<string, Record<string, string>>) {
  const checkId: string = (await client.request(Q.openCheck, { firmId }, facilitator)).openCheck.id;
  for (const [token, byKey] of Object.entries(answers)) {
    for (const [key, text] of Object.entries(byKey)) await client.request(Q.submitAnswer, { checkId, key, text }, token);
  }
  const check = (await client.request(Q.check, { id: checkId }, facilitator)).check;
  for (const question of check.questions) {
    await client.request(Q.judge, { checkId, key: question.key, judgement: question.suggestedJudgement }, facilitator);
  }
  const closed = (await client.request(Q.close, { checkId }, facilitator)).closeCheck;
  return { checkId, score: closed.score as number, verdict: closed.verdict as string };
}

async function lockDecision(client: GraphqlClient, firmId: string, partners: string[], input: Record<string, unknown>): Promise<string> {
  const id: string = (await client.request(Q.propose, { firmId, input }, partners[0])).proposeDecision.id;
  for (const token of partners) await client.request(Q.endorse, { id }, token);
  return id;
}
