import { actorId } from '../shared/command-meta';
import { invalidState } from '../shared/domain-error';
import { JUDGEMENTS } from '../shared/vocabulary';
import { requireOneOf } from '../firm/validation';
import { scoreCheck } from '../scoring';
import type { CloseCheck, JudgeQuestion } from './commands';
import type { CheckEvent } from './events';
import { requireOpened, requireQuestion, requireRunsChecks } from './guards';
import { type CheckState, judgementOf } from './state';

/** Judging happens between reveal and close; judging a question again with the same judgement decides nothing. */
export function judgeQuestion(command: JudgeQuestion, state: CheckState): CheckEvent[] {
  requireOpened(state);
  requireRunsChecks(command.actor, 'judge a question');
  if (state.status === 'OPEN') throw invalidState('Reveal the check before judging its questions.');
  if (state.status === 'CLOSED') throw invalidState(`Check ${state.checkId} is closed; its judgements are final.`);
  const { key } = requireQuestion(state, command.questionKey);
  const judgement = requireOneOf('the judgement', command.judgement, JUDGEMENTS);
  if (judgementOf(state, key) === judgement) return [];
  return [
    {
      type: 'QuestionJudged',
      data: { checkId: state.checkId, questionKey: key, judgement, judgedBy: actorId(command.actor), at: command.now },
    },
  ];
}

/** Scores a revealed check whose every question is judged; `basis` is what drift will compare it with. */
export function closeCheck(command: CloseCheck, state: CheckState): CheckEvent[] {
  requireOpened(state);
  requireRunsChecks(command.actor, 'close a check');
  if (state.status === 'OPEN') throw invalidState('Reveal and judge the check before closing it.');
  if (state.status === 'CLOSED') throw invalidState(`Check ${state.checkId} is already closed.`);
  const unjudged = state.questions.filter(({ key }) => judgementOf(state, key) === undefined).map(({ key }) => key);
  if (unjudged.length > 0) {
    throw invalidState(`Judge every question before closing the check; not judged yet: ${unjudged.join(', ')}.`);
  }
  const judged = state.questions.map(({ key }) => ({ key, judgement: judgementOf(state, key)! }));
  const { score, outOf, verdict } = scoreCheck(judged.map(({ judgement }) => judgement));
  return [
    {
      type: 'CheckClosed',
      data: {
        checkId: state.checkId,
        firmId: state.firmId,
        closedBy: actorId(command.actor),
        closedAt: command.now,
        score,
        outOf,
        verdict,
        mismatched: judged.filter(({ judgement }) => judgement === 'MISMATCH').map(({ key }) => key),
        basis: command.basis,
      },
    },
  ];
}
