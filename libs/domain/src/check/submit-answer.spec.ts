import { SYSTEM } from '../shared/command-meta';
import { MAX_TEXT_LENGTH } from '../shared/vocabulary';
import { auditor, facilitator, partner, T1, viewer } from '../testing/actors';
import { given } from '../testing/given-when-then';
import { allAnswered, answered, firmContext, judged, KEYS, opened, revealed } from './check.fixtures';
import type { SubmitAnswer } from './commands';
import { checkDecider } from './decide';
import type { CheckEvent } from './events';
import { evolveCheck, initialCheckState, isFullyAnswered } from './state';

const check = (events: CheckEvent[] = []) => given(checkDecider, events);
const closedAligned: CheckEvent[] = [
  ...KEYS.map((key) => judged(key, 'MATCH')),
  {
    type: 'CheckClosed',
    data: {
      checkId: 'c1',
      firmId: 'f1',
      closedBy: 'fay',
      closedAt: T1,
      score: 3,
      outOf: 3,
      verdict: 'ALIGNED',
      mismatched: [],
      basis: { previousCheck: null, alignedDefinitions: {} },
    },
  },
];
const answer = (text: string, memberId = 'ada', questionKey = 'client_outcome'): SubmitAnswer => ({
  type: 'SubmitAnswer',
  actor: partner(memberId),
  now: T1,
  questionKey,
  text,
  vagueWords: firmContext.vagueWords,
});

describe('answering a check', () => {
  it('records the first answer trimmed', () => check([opened]).when(answer('  Regulatory fines ')).then([answered('ada', 'client_outcome', 'Regulatory fines')]));

  it('returns the vague words an answer contains as a warning', () =>
    check([opened])
      .when(answer('Quality audits of every filing'))
      .then([{ type: 'AnswerSubmitted', data: { ...answered('ada', 'client_outcome', 'Quality audits of every filing').data, vagueTerms: ['quality'] } }]));

  it('refuses an answer made only of vague words, naming them', () =>
    check([opened]).when(answer('Excellence and quality')).thenThrows('VAGUE_ANSWER', /excellence, quality/, { vagueTerms: ['excellence', 'quality'] }));

  it('revises an earlier answer before the reveal', () =>
    check([opened, answered('ada', 'client_outcome', 'Regulatory fines')])
      .when(answer('Missed filing deadlines'))
      .then([{ type: 'AnswerRevised', data: answered('ada', 'client_outcome', 'Missed filing deadlines').data }]));

  it('decides nothing when the same answer is given again', () =>
    check([opened, answered('ada', 'client_outcome', 'Regulatory fines')]).when(answer(' Regulatory fines')).then([]));

  it('refuses an answer after the reveal', () =>
    check([opened, ...allAnswered, revealed]).when(answer('Something new')).thenThrows('INVALID_STATE', /sealed once the check is revealed/));

  it('refuses an answer after the close', () =>
    check([opened, ...allAnswered, revealed, ...closedAligned]).when(answer('Something new')).thenThrows('INVALID_STATE', /sealed/));

  it('refuses a facilitator', () =>
    check([opened]).when({ ...answer('Fines'), actor: facilitator('fay') }).thenThrows('FORBIDDEN', /Facilitators do not answer/));
  it('refuses a partner who is not a participant', () =>
    check([opened]).when(answer('Fines', 'cal')).thenThrows('FORBIDDEN', /not a participant/));
  it('refuses an auditor', () => check([opened]).when({ ...answer('Fines'), actor: auditor('aud') }).thenThrows('FORBIDDEN'));
  it('refuses a participant who has since become an auditor or a viewer', () => {
    check([opened]).when({ ...answer('Fines'), actor: auditor('ada') }).thenThrows('FORBIDDEN', /Only partners answer/);
    check([opened]).when({ ...answer('Fines'), actor: viewer('ada') }).thenThrows('FORBIDDEN', /Only partners answer/);
  });
  it('refuses the system', () => check([opened]).when({ ...answer('Fines'), actor: SYSTEM }).thenThrows('FORBIDDEN'));

  it('refuses an unknown question, naming the valid keys', () =>
    check([opened]).when(answer('Fines', 'ada', 'pricing')).thenThrows('BAD_USER_INPUT', /client_outcome, optimizing_for, refuse_to_do/));
  it('refuses an empty answer', () => check([opened]).when(answer('   ')).thenThrows('BAD_USER_INPUT', /must not be empty/));
  it('refuses an answer longer than the limit', () =>
    check([opened]).when(answer('x'.repeat(MAX_TEXT_LENGTH + 1))).thenThrows('BAD_USER_INPUT', /at most 2000/));
});

describe('whether a check is fully answered', () => {
  const stateOf = (events: CheckEvent[]) => events.reduce(evolveCheck, initialCheckState());
  it('is not while an answer is missing', () => expect(isFullyAnswered(stateOf([opened, ...allAnswered.slice(1)]))).toBe(false));
  it('is once every participant answered every question', () => expect(isFullyAnswered(stateOf([opened, ...allAnswered]))).toBe(true));
  it('is not for a check never opened', () => expect(isFullyAnswered(initialCheckState())).toBe(false));
});
