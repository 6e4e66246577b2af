import { STANDARD_QUESTIONS } from '../../libs/domain/src';
import type { WorldFirm } from '../support/world';
import type { LoadRequest } from './load';

export const SUBMIT_ANSWER = `mutation Answer($checkId: ID!, $key: String!, $text: String!) {
  submitAnswer(checkId: $checkId, questionKey: $key, text: $text) { questionKey text vagueTerms member { id name } }
}`;

export const ENDORSE_DECISION = `mutation Endorse($id: ID!) {
  endorseDecision(decisionId: $id) { id status lockedAt endorsements { at member { id } } }
}`;

const ANSWERS: Record<string, string[]> = {
  client_outcome: ['Finance teams stop chasing late board packs', 'General counsel stops worrying about contract renewals', 'Founders stop firefighting payroll errors', 'Operations directors stop losing sleep over audits'],
  optimizing_for: ['Repeat engagements from the ten largest clients', 'Margin per partner hour on fixed-fee work', 'Annual retainers with regional manufacturers', 'Referrals from the three banks we audit'],
  refuse_to_do: ['Staff augmentation without a deliverable', 'Litigation support', 'Contingency fees', 'Work for tobacco companies'],
};

/** One valid mutation, used once: what it writes, who writes it, and what reading it back must show. */
export interface Mutation {
  kind: 'submitAnswer' | 'endorseDecision';
  firm: WorldFirm;
  memberId: string;
  token: string;
  /** The check or decision written. */
  targetId: string;
  questionKey?: string;
  text?: string;
  /** The last write of its check (every answer in: the reveal follows) or decision (every partner endorsed: it locks). */
  completes: boolean;
}

/**
 * Every mutation the world's open quarter allows: each partner answers each standard question of
 * the firm's open check (4 × 3) and endorses its proposed decision (4), so 16 per firm. Firms go in
 * groups of `group`: within a group the firms take turns, one mutation each, so concurrent requests
 * hit different streams (no version conflicts between the load's own requests) while every group's
 * checks get revealed and decisions locked before the next group starts.
 */
export function mutationPool(firms: readonly WorldFirm[], group = 50): Mutation[] {
  const perFirm = firms.map(firmMutations);
  const pool: Mutation[] = [];
  for (let start = 0; start < perFirm.length; start += group) {
    const members = perFirm.slice(start, start + group);
    const longest = Math.max(...members.map((m) => m.length));
    for (let k = 0; k < longest; k++) for (const mutations of members) if (k < mutations.length) pool.push(mutations[k]);
  }
  return pool;
}

function firmMutations(firm: WorldFirm): Mutation[] {
  if (!firm.openCheckId || !firm.proposedDecisionId) throw new Error('graphql-write: the world has no open quarter (seed it with openLastQuarter)');
  const partners = firm.members.filter((m) => m.role === 'PARTNER');
  const answers: Mutation[] = [];
  STANDARD_QUESTIONS.forEach(({ key }) =>
    partners.forEach((partner, p) =>
      answers.push({ kind: 'submitAnswer', firm, memberId: partner.memberId, token: partner.token, targetId: firm.openCheckId!, questionKey: key, text: ANSWERS[key]?.[p % 4] ?? 'Fixed-fee audits for regional banks', completes: false }),
    ),
  );
  answers[answers.length - 1].completes = true;
  const endorsements: Mutation[] = partners.map((partner, p) => ({ kind: 'endorseDecision', firm, memberId: partner.memberId, token: partner.token, targetId: firm.proposedDecisionId!, completes: p === partners.length - 1 }));
  // An endorsement after every three answers: both kinds all along the run.
  const mixed: Mutation[] = [];
  answers.forEach((answer, i) => {
    mixed.push(answer);
    if (i % 3 === 2 && endorsements.length > 0) mixed.push(endorsements.shift()!);
  });
  return [...mixed, ...endorsements];
}

/**
 * The mutation as a load request, its response checked: the write shows in what the mutation
 * returns. `confirmed` hears of every mutation whose response passed.
 */
export function mutationRequest(mutation: Mutation, confirmed: (mutation: Mutation) => void): LoadRequest {
  const me = `"member":{"id":"${mutation.memberId}"`;
  const text = JSON.stringify(mutation.text);
  const problem =
    mutation.kind === 'submitAnswer'
      ? (body: string) => (body.includes(`"text":${text}`) && body.includes(me) ? null : 'submitAnswer did not return the answer written')
      : (body: string) => endorsementProblem(body, mutation);
  const variables = mutation.kind === 'submitAnswer' ? { checkId: mutation.targetId, key: mutation.questionKey, text: mutation.text } : { id: mutation.targetId };
  return {
    body: JSON.stringify({ query: mutation.kind === 'submitAnswer' ? SUBMIT_ANSWER : ENDORSE_DECISION, variables }),
    token: mutation.token,
    verify: (body) => {
      const found = problem(body);
      if (!found) confirmed(mutation);
      return found;
    },
  };
}

/** Counts confirmed mutations per firm: a firm with all of its pool's mutations confirmed is fully written. */
export class Confirmations {
  private readonly perFirm = new Map<string, number>();

  readonly add = (mutation: Mutation): void => {
    this.perFirm.set(mutation.firm.firmId, (this.perFirm.get(mutation.firm.firmId) ?? 0) + 1);
  };

  fullyWritten(pool: readonly Mutation[]): Array<Mutation['firm']> {
    const expected = new Map<string, { firm: Mutation['firm']; count: number }>();
    for (const mutation of pool) {
      const entry = expected.get(mutation.firm.firmId) ?? { firm: mutation.firm, count: 0 };
      entry.count++;
      expected.set(mutation.firm.firmId, entry);
    }
    return [...expected.values()].filter(({ firm, count }) => this.perFirm.get(firm.firmId) === count).map(({ firm }) => firm);
  }
}

/** The decision returned after an endorsement: with the caller among its endorsers, and locked once every partner endorsed. */
export function endorsementProblem(body: string, mutation: Mutation): string | null {
  if (!body.includes(`"member":{"id":"${mutation.memberId}"`)) return 'the endorsement is not in the decision returned';
  const partners = mutation.firm.members.filter((m) => m.role === 'PARTNER').length;
  const endorsers = body.split('"member":').length - 1;
  if (endorsers >= partners && !body.includes('"status":"LOCKED"')) return 'every partner endorsed but the decision is not locked';
  return null;
}
