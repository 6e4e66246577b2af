import { DomainError, forbidden, invalidState } from '../shared/domain-error';
import { requireText } from '../shared/text';
import { vagueTermsIn } from '../vague-words';
import type { SubmitAnswer } from './commands';
import type { CheckEvent } from './events';
import { requireOpened, requireQuestion } from './guards';
import { answerOf, type CheckState } from './state';

/**
 * A participant's own answer, sealed until the reveal. The first answer to a question is submitted, a later one
 * revises it; the same text again decides nothing.
 */
export function submitAnswer(command: SubmitAnswer, state: CheckState): CheckEvent[] {
  requireOpened(state);
  const { actor } = command;
  if (actor.kind === 'system') throw forbidden('Answers come from participants, not from the system.');
  if (actor.role === 'FACILITATOR') throw forbidden('Facilitators do not answer a check; only its participants do.');
  // A participant whose role changed since the check opened (to auditor or viewer) no longer writes.
  if (actor.role !== 'PARTNER') throw forbidden(`Only partners answer a check; you are ${actor.role.toLowerCase()}.`);
  if (!state.participantIds.includes(actor.memberId)) throw forbidden(`You are not a participant of check ${state.checkId}.`);
  if (state.status !== 'OPEN') {
    throw invalidState(`Answers are sealed once the check is revealed; check ${state.checkId} is ${state.status.toLowerCase()}.`);
  }
  const { key } = requireQuestion(state, command.questionKey);
  const text = requireText('the answer', command.text);
  const { terms, onlyVague } = vagueTermsIn(text, command.vagueWords);
  if (onlyVague) {
    throw new DomainError(
      'VAGUE_ANSWER',
      `This answer is made only of abstract words (${terms.join(', ')}); say concretely what you mean.`,
      { vagueTerms: terms },
    );
  }
  const current = answerOf(state, key, actor.memberId);
  if (current?.text === text) return [];
  const data = { checkId: state.checkId, questionKey: key, memberId: actor.memberId, text, vagueTerms: terms, at: command.now };
  return [current ? { type: 'AnswerRevised', data } : { type: 'AnswerSubmitted', data }];
}
