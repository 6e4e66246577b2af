import type { ManualClock } from '@accord/platform';
import { postGraphql, type ApiServer } from './api-server';

export const HISTORY_T0 = '2026-02-02T09:00:00.000Z';
/** `n` days after the history starts (fractions allowed). */
export const historyDay = (n: number): string => new Date(Date.parse(HISTORY_T0) + n * 86_400_000).toISOString();

export interface FirmHistory {
  firmId: string;
  /** Tokens by member: two partners, a facilitator and an auditor. */
  token: { ann: string; bob: string; fay: string; aud: string };
  /** Member ids, by the same names. */
  ids: { ann: string; bob: string; fay: string; aud: string };
  /** Raised by hand on day 0 (VISION), deferred on day 1 (PROCESS), raised by the check closed on day 2 (VISION), raised on day 6 and left open (PEOPLE). */
  visionId: string;
  processId: string;
  fromCheckId: string;
  peopleId: string;
  checkId: string;
  /** Proposed on day 3, locked on day 5 (optimizing_for), resolving the first three; superseded by `secondId`, locked on day 8. */
  firstId: string;
  secondId: string;
}

/**
 * One firm's life through the real API, on a manual clock so every instant is known: disagreements
 * raised and deferred, a check whose MISMATCH raises one more (a process manager), a decision locked
 * on day 5 resolving three (another process manager), a later one superseding it on day 8.
 */
export async function buildFirmHistory(server: ApiServer, clock: ManualClock): Promise<FirmHistory> {
  clock.set(HISTORY_T0);
  const gql = async (token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<any> => {
    const result = await postGraphql<any>(server, query, variables, token);
    if (result.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const founded = await gql(undefined, 'mutation { createFirm(input: {name: "Marlow & Finch", kind: CONSULTING, founderName: "Ann"}) { token firm { id } member { id } } }');
  const firmId: string = founded.createFirm.firm.id;
  const token = { ann: founded.createFirm.token } as FirmHistory['token'];
  const ids = { ann: founded.createFirm.member.id } as FirmHistory['ids'];
  for (const [who, name, role] of [['bob', 'Bob', 'PARTNER'], ['fay', 'Fay', 'FACILITATOR'], ['aud', 'Aud', 'AUDITOR']] as const) {
    const added = await gql(token.ann, 'mutation($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id } } }', { f: firmId, i: { name, role } });
    token[who] = added.addMember.token;
    ids[who] = added.addMember.member.id;
  }
  const raise = async (who: keyof typeof token, input: Record<string, unknown>): Promise<string> =>
    (await gql(token[who], 'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', { f: firmId, i: input })).raiseDisagreement.id;

  const visionId = await raise('fay', {
    topic: 'Do we take public-sector work?',
    layer: 'VISION',
    positions: [{ memberId: ids.ann, text: 'Never again' }, { memberId: ids.bob, text: 'Only framework contracts' }],
  });
  clock.set(historyDay(1));
  const processId = await raise('ann', { topic: 'Weekly or daily timesheets?', layer: 'PROCESS', positions: [{ memberId: ids.bob, text: 'Weekly' }] });
  await gql(token.fay, 'mutation($d: ID!, $r: String!) { deferDisagreement(disagreementId: $d, reason: $r) { id } }', { d: processId, r: 'After the audit season' });

  clock.set(historyDay(2));
  const checkId: string = (await gql(token.fay, 'mutation($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId })).openCheck.id;
  const answers: Record<string, [string, string]> = {
    client_outcome: ['Whether their systems migration lands on time', 'Whether their systems migration lands on time'],
    optimizing_for: ['Repeat engagements from the ten largest clients', 'Doubling the number of new logos every year'],
    refuse_to_do: ['Staff augmentation without a deliverable', 'Staff augmentation without a deliverable'],
  };
  for (const [key, [annText, bobText]] of Object.entries(answers)) {
    for (const [who, text] of [['ann', annText], ['bob', bobText]] as const) {
      await gql(token[who], 'mutation($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { text } }', { c: checkId, k: key, t: text });
    }
  }
  for (const key of Object.keys(answers)) {
    await gql(token.fay, 'mutation($c: ID!, $k: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $k, judgement: $j) { id } }', {
      c: checkId,
      k: key,
      j: key === 'optimizing_for' ? 'MISMATCH' : 'MATCH',
    });
  }
  await gql(token.fay, 'mutation($c: ID!) { closeCheck(checkId: $c) { id } }', { c: checkId });
  const raised = (await gql(token.ann, 'query($f: ID!) { disagreements(firmId: $f) { id checkId } }', { f: firmId })).disagreements as Array<{ id: string; checkId: string | null }>;
  const fromCheckId = raised.find((d) => d.checkId === checkId)!.id;

  const propose = async (who: keyof typeof token, input: Record<string, unknown>): Promise<string> =>
    (await gql(token[who], 'mutation($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', { f: firmId, i: input })).proposeDecision.id;
  const endorse = (who: keyof typeof token, decisionId: string) => gql(token[who], 'mutation($d: ID!) { endorseDecision(decisionId: $d) { status } }', { d: decisionId });

  clock.set(historyDay(3));
  const firstId = await propose('ann', {
    title: 'Key accounts first',
    outcome: 'Predictable revenue from existing clients',
    chosenAnswer: 'Repeat engagements from the ten largest clients',
    alternatives: ['New logos', 'Public-sector tenders'],
    rationale: 'Acquisition costs eat the margin of new logos',
    layer: 'VISION',
    questionKey: 'optimizing_for',
    resolves: [visionId, processId, fromCheckId],
  });
  await endorse('ann', firstId);
  clock.set(historyDay(5));
  await endorse('bob', firstId);

  clock.set(historyDay(6));
  const peopleId = await raise('bob', { topic: 'Do juniors get client time?', layer: 'PEOPLE', positions: [{ memberId: ids.ann, text: 'From month six' }] });

  clock.set(historyDay(7));
  const secondId = await propose('bob', {
    title: 'Key accounts and retainers',
    outcome: 'Recurring revenue',
    chosenAnswer: 'Annual retainers with the ten largest clients',
    alternatives: [],
    rationale: 'Retainers smooth the pipeline',
    layer: 'VISION',
    questionKey: 'optimizing_for',
    supersedes: firstId,
  });
  await endorse('bob', secondId);
  clock.set(historyDay(8));
  await endorse('ann', secondId);
  return { firmId, token, ids, visionId, processId, fromCheckId, peopleId, checkId, firstId, secondId };
}
