import { SYSTEM } from '../shared/command-meta';
import { STANDARD_QUESTIONS } from '../shared/vocabulary';
import { suggestJudgement } from '../similarity';
import { auditor, facilitator, partner, T2, T3 } from '../testing/actors';
import { given } from '../testing/given-when-then';
import { allAnswered, answered, judged, KEYS, opened, revealed } from './check.fixtures';
import type { CloseCheck, JudgeQuestion, RevealCheck } from './commands';
import { checkDecider } from './decide';
import type { CheckClosed, CheckEvent, CloseBasis } from './events';

const check = (events: CheckEvent[] = []) => given(checkDecider, events);
const reveal = (actor = facilitator('fay')): RevealCheck => ({ type: 'RevealCheck', actor, now: T2 });
const judge = (questionKey: string, judgement: 'MATCH' | 'MISMATCH', actor = facilitator('fay')): JudgeQuestion => ({
  type: 'JudgeQuestion',
  actor,
  now: T2,
  questionKey,
  judgement,
});
const basis: CloseBasis = { previousCheck: { checkId: 'c0', score: 3, outOf: 3 }, alignedDefinitions: { refuse_to_do: 'd1' } };
const close = (actor = facilitator('fay')): CloseCheck => ({ type: 'CloseCheck', actor, now: T3, basis });
const [clientOutcome, optimizingFor] = STANDARD_QUESTIONS;

describe('revealing a check', () => {
  const suggestions = STANDARD_QUESTIONS.map(({ key, prompt }) => {
    const texts = allAnswered.filter(({ data }) => data.questionKey === key).map(({ data }) => data.text);
    return { questionKey: key, ...suggestJudgement(prompt, texts) };
  });

  it('lets the system reveal it once every answer is in, suggesting judgements', () =>
    check([opened, ...allAnswered])
      .when(reveal(SYSTEM))
      .then([{ type: 'CheckRevealed', data: { checkId: 'c1', revealedBy: 'system', forced: false, revealedAt: T2, suggestions } }]));

  it('refuses a system reveal while answers are missing', () =>
    check([opened, ...allAnswered.slice(1)]).when(reveal(SYSTEM)).thenThrows('INVALID_STATE', /every participant answered every question/));

  it('lets a facilitator force it, with nothing to compare where fewer than two answered', () =>
    check([opened, answered('ada', clientOutcome.key, 'Fines'), answered('ada', optimizingFor.key, 'Profit'), answered('ben', optimizingFor.key, 'Profit')])
      .when(reveal())
      .then([
        {
          type: 'CheckRevealed',
          data: {
            checkId: 'c1',
            revealedBy: 'fay',
            forced: true,
            revealedAt: T2,
            suggestions: [
              { questionKey: clientOutcome.key, suggestedJudgement: 'MISMATCH', similarity: 0 },
              { questionKey: optimizingFor.key, ...suggestJudgement(optimizingFor.prompt, ['Profit', 'Profit']) },
              { questionKey: 'refuse_to_do', suggestedJudgement: 'MISMATCH', similarity: 0 },
            ],
          },
        },
      ]));

  it('is not forced when a partner reveals a fully answered check', () =>
    check([opened, ...allAnswered])
      .when(reveal(partner('ada')))
      .then([{ type: 'CheckRevealed', data: { checkId: 'c1', revealedBy: 'ada', forced: false, revealedAt: T2, suggestions } }]));

  it('refuses an auditor', () => check([opened, ...allAnswered]).when(reveal(auditor('aud'))).thenThrows('FORBIDDEN'));
  it('refuses to reveal it twice', () => check([opened, ...allAnswered, revealed]).when(reveal()).thenThrows('INVALID_STATE', /already revealed/));
});

describe('judging a question', () => {
  it('records the judgement', () => check([opened, ...allAnswered, revealed]).when(judge('client_outcome', 'MATCH')).then([judged('client_outcome', 'MATCH')]));
  it('lets a partner judge again before the close', () =>
    check([opened, ...allAnswered, revealed, judged('client_outcome', 'MATCH')])
      .when(judge('client_outcome', 'MISMATCH', partner('ada')))
      .then([judged('client_outcome', 'MISMATCH', 'ada')]));
  it('decides nothing when the judgement is unchanged', () =>
    check([opened, ...allAnswered, revealed, judged('client_outcome', 'MATCH')]).when(judge('client_outcome', 'MATCH')).then([]));
  it('refuses to judge before the reveal', () =>
    check([opened, ...allAnswered]).when(judge('client_outcome', 'MATCH')).thenThrows('INVALID_STATE', /Reveal the check before judging/));
  it('refuses to judge a closed check', () =>
    check([opened, ...allAnswered, revealed, ...KEYS.map((k) => judged(k, 'MATCH')), closed(3, 'ALIGNED', [])])
      .when(judge('client_outcome', 'MISMATCH'))
      .thenThrows('INVALID_STATE', /closed/));
  it('refuses an unknown question', () =>
    check([opened, ...allAnswered, revealed]).when(judge('pricing', 'MATCH')).thenThrows('BAD_USER_INPUT', /"pricing"/));
  it('refuses a viewer', () =>
    check([opened, ...allAnswered, revealed]).when(judge('client_outcome', 'MATCH', auditor('aud'))).thenThrows('FORBIDDEN'));
  it('refuses the system', () => check([opened, ...allAnswered, revealed]).when(judge('client_outcome', 'MATCH', SYSTEM)).thenThrows('FORBIDDEN'));
  it('refuses an unknown judgement', () =>
    check([opened, ...allAnswered, revealed]).when(judge('client_outcome', 'MAYBE' as never)).thenThrows('BAD_USER_INPUT', /MATCH, MISMATCH/));
});

type Verdict = 'ALIGNED' | 'FRICTION' | 'FRACTURE' | 'SPLIT';
function closed(score: number, verdict: Verdict, mismatched: string[], closedBy = 'fay'): CheckClosed {
  return {
    type: 'CheckClosed',
    data: { checkId: 'c1', firmId: 'f1', closedBy, closedAt: T3, score, outOf: 3, verdict, mismatched, basis },
  };
}

describe('closing a check', () => {
  const judgedAll = (...judgements: ('MATCH' | 'MISMATCH')[]) => KEYS.map((key, i) => judged(key, judgements[i]));

  it.each([
    [['MATCH', 'MATCH', 'MATCH'], 3, 'ALIGNED', []],
    [['MATCH', 'MATCH', 'MISMATCH'], 2, 'FRICTION', ['refuse_to_do']],
    [['MISMATCH', 'MATCH', 'MISMATCH'], 1, 'FRACTURE', ['client_outcome', 'refuse_to_do']],
    [['MISMATCH', 'MISMATCH', 'MISMATCH'], 0, 'SPLIT', KEYS],
  ] as const)('scores %j as %i out of 3, %s, with the mismatched questions in order', (judgements, score, verdict, mismatched) =>
    check([opened, ...allAnswered, revealed, ...judgedAll(...judgements)]).when(close()).then([closed(score, verdict, [...mismatched])]));

  it('scores the latest judgement of a re-judged question', () =>
    check([opened, ...allAnswered, revealed, ...judgedAll('MATCH', 'MATCH', 'MATCH'), judged('client_outcome', 'MISMATCH')])
      .when(close(partner('ada')))
      .then([closed(2, 'FRICTION', ['client_outcome'], 'ada')]));

  it('refuses to close an unjudged check, naming the questions left', () =>
    check([opened, ...allAnswered, revealed, judged('optimizing_for', 'MATCH')])
      .when(close())
      .thenThrows('INVALID_STATE', /not judged yet: client_outcome, refuse_to_do/));
  it('refuses to close before the reveal', () => check([opened, ...allAnswered]).when(close()).thenThrows('INVALID_STATE', /Reveal/));
  it('refuses to close it twice', () =>
    check([opened, ...allAnswered, revealed, ...judgedAll('MATCH', 'MATCH', 'MATCH'), closed(3, 'ALIGNED', [])])
      .when(close())
      .thenThrows('INVALID_STATE', /already closed/));
  it('refuses an auditor', () =>
    check([opened, ...allAnswered, revealed, ...judgedAll('MATCH', 'MATCH', 'MATCH')]).when(close(auditor('aud'))).thenThrows('FORBIDDEN'));
});
