import type { Actor } from '../shared/command-meta';
import { badInput, DomainError, forbidden } from '../shared/domain-error';
import type { Question } from '../shared/vocabulary';
import type { CheckState } from './state';

/** Every command but OpenCheck needs an opened check. */
export function requireOpened(state: CheckState): void {
  if (state.status === 'NONE') throw new DomainError('NOT_FOUND', 'This check does not exist; open it first.');
}

/** Partners and facilitators run a check (reveal, judge, close); the role is the one the actor holds now. */
export function requireRunsChecks(actor: Actor, doing: string): void {
  if (actor.kind === 'system' || (actor.role !== 'PARTNER' && actor.role !== 'FACILITATOR')) {
    throw forbidden(`Only a partner or a facilitator can ${doing}.`);
  }
}

export function requireQuestion(state: CheckState, questionKey: string): Question {
  const question = state.questions.find(({ key }) => key === questionKey);
  if (!question) {
    const keys = state.questions.map(({ key }) => key).join(', ');
    throw badInput(`This check has no question "${questionKey}"; its questions are ${keys}.`, { questionKey });
  }
  return question;
}
