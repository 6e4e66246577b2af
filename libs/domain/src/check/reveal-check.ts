import { actorId } from '../shared/command-meta';
import { invalidState } from '../shared/domain-error';
import { suggestJudgement } from '../similarity';
import type { RevealCheck } from './commands';
import type { CheckEvent, Suggestion } from './events';
import { requireOpened, requireRunsChecks } from './guards';
import { answerOf, type CheckState, isFullyAnswered } from './state';

/**
 * Unseals the answers. The system reveals a check once every answer is in; a partner or facilitator may force it
 * earlier, and `forced` records whether answers were still missing at that moment.
 */
export function revealCheck(command: RevealCheck, state: CheckState): CheckEvent[] {
  requireOpened(state);
  const { actor } = command;
  if (actor.kind === 'member') requireRunsChecks(actor, 'reveal a check');
  if (state.status !== 'OPEN') throw invalidState(`Check ${state.checkId} is already ${state.status.toLowerCase()}.`);
  const fullyAnswered = isFullyAnswered(state);
  if (actor.kind === 'system' && !fullyAnswered) {
    throw invalidState(`Check ${state.checkId} reveals itself only when every participant answered every question.`);
  }
  return [
    {
      type: 'CheckRevealed',
      data: {
        checkId: state.checkId,
        revealedBy: actorId(actor),
        forced: actor.kind === 'member' && !fullyAnswered,
        revealedAt: command.now,
        suggestions: suggestionsFor(state),
      },
    },
  ];
}

/** One suggestion per question; with fewer than two answers there is nothing to compare, so MISMATCH at 0. */
export function suggestionsFor(state: CheckState): Suggestion[] {
  return state.questions.map(({ key, prompt }) => {
    const answers = state.participantIds.flatMap((memberId) => answerOf(state, key, memberId)?.text ?? []);
    if (answers.length < 2) return { questionKey: key, suggestedJudgement: 'MISMATCH', similarity: 0 };
    const { similarity, suggestedJudgement } = suggestJudgement(prompt, answers);
    return { questionKey: key, suggestedJudgement, similarity };
  });
}
