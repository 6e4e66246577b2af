import { assertNever, type Decider } from '../shared/decider';
import type { CheckCommand } from './commands';
import type { CheckEvent } from './events';
import { closeCheck, judgeQuestion } from './judge-and-close';
import { openCheck } from './open-check';
import { revealCheck } from './reveal-check';
import { type CheckState, evolveCheck, initialCheckState } from './state';
import { submitAnswer } from './submit-answer';

export function decideCheck(command: CheckCommand, state: CheckState): CheckEvent[] {
  switch (command.type) {
    case 'OpenCheck':
      return openCheck(command, state);
    case 'SubmitAnswer':
      return submitAnswer(command, state);
    case 'RevealCheck':
      return revealCheck(command, state);
    case 'JudgeQuestion':
      return judgeQuestion(command, state);
    case 'CloseCheck':
      return closeCheck(command, state);
    default:
      return assertNever(command);
  }
}

export const checkDecider: Decider<CheckCommand, CheckEvent, CheckState> = {
  decide: decideCheck,
  evolve: evolveCheck,
  initialState: initialCheckState,
};
