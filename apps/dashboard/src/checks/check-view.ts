import type { CheckQuestion, CheckStatus, Judgement, Role } from './check-queries';

/** What the signed-in member may do on a check now; the page hides everything else (the server refuses it anyway). */
export interface CheckActions {
  answer: boolean;
  reveal: boolean;
  judge: boolean;
  close: boolean;
}

/** Partners and facilitators run checks; only partners who take part answer, and only while it is open. */
export function checkActions(role: Role, status: CheckStatus, isParticipant: boolean): CheckActions {
  const runsChecks = role === 'PARTNER' || role === 'FACILITATOR';
  return {
    answer: role === 'PARTNER' && isParticipant && status === 'OPEN',
    reveal: runsChecks && status === 'OPEN',
    judge: runsChecks && status === 'REVEALED',
    close: runsChecks && status === 'REVEALED',
  };
}

/** How many questions carry a judgement: closing needs all of them. */
export function judgedCount(questions: readonly Pick<CheckQuestion, 'judgement'>[]): number {
  return questions.filter(({ judgement }) => judgement !== null).length;
}

/** The abstract words a VAGUE_ANSWER error carries in `extensions.vagueTerms`. */
export function vagueTermsOf(extensions: Record<string, unknown>): string[] {
  const terms = extensions.vagueTerms;
  return Array.isArray(terms) ? terms.filter((term): term is string => typeof term === 'string') : [];
}

/** "Suggested: MATCH (similarity 0.82)", or nothing before the reveal. */
export function suggestionText(question: Pick<CheckQuestion, 'suggestedJudgement' | 'similarity'>): string | undefined {
  if (!question.suggestedJudgement) return undefined;
  const similarity = question.similarity === null ? '' : ` (similarity ${question.similarity.toFixed(2)})`;
  return `Suggested: ${question.suggestedJudgement}${similarity}`;
}

export const JUDGEMENT_LABEL: Record<Judgement, string> = { MATCH: 'Match', MISMATCH: 'Mismatch' };

export const STATUS_LABEL: Record<CheckStatus, string> = {
  OPEN: 'Open: answers are sealed',
  REVEALED: 'Revealed: being judged',
  CLOSED: 'Closed',
};

/** Each participant once, in participant order, with whether they answered every question. */
export function answeredStates<P extends { id: string }>(participants: readonly P[], answeredBy: readonly { id: string }[]): Array<{ member: P; answered: boolean }> {
  const answered = new Set(answeredBy.map(({ id }) => id));
  return participants.map((member) => ({ member, answered: answered.has(member.id) }));
}
