import type { Judgement } from '../shared/vocabulary';
import { STANDARD_QUESTIONS } from '../shared/vocabulary';
import { T0, T1, T2 } from '../testing/actors';
import type { FirmContext } from './commands';
import type { AnswerSubmitted, CheckOpened, CheckRevealed, QuestionJudged } from './events';

/** Firm f1 for check specs: partners ada and ben, facilitator fay, auditor aud, viewer vic. */
export const firmContext: FirmContext = {
  firmId: 'f1',
  questions: STANDARD_QUESTIONS.map((q) => ({ ...q })),
  members: [
    { memberId: 'ada', role: 'PARTNER' },
    { memberId: 'ben', role: 'PARTNER' },
    { memberId: 'fay', role: 'FACILITATOR' },
    { memberId: 'aud', role: 'AUDITOR' },
    { memberId: 'vic', role: 'VIEWER' },
  ],
  vagueWords: ['excellence', 'quality', 'value', 'innovation'],
};
export const KEYS = STANDARD_QUESTIONS.map(({ key }) => key);

export const opened: CheckOpened = {
  type: 'CheckOpened',
  data: {
    checkId: 'c1',
    firmId: 'f1',
    questions: STANDARD_QUESTIONS.map((q) => ({ ...q })),
    participantIds: ['ada', 'ben'],
    openedBy: 'fay',
    openedAt: T0,
  },
};

export const answered = (memberId: string, questionKey: string, text: string): AnswerSubmitted => ({
  type: 'AnswerSubmitted',
  data: { checkId: 'c1', questionKey, memberId, text, vagueTerms: [], at: T1 },
});

/** Both partners answered all three questions, alike on the first two. */
export const allAnswered: AnswerSubmitted[] = [
  answered('ada', 'client_outcome', 'Regulatory fines'),
  answered('ben', 'client_outcome', 'Regulatory fines'),
  answered('ada', 'optimizing_for', 'Partner profit per hour'),
  answered('ben', 'optimizing_for', 'Partner profit per hour'),
  answered('ada', 'refuse_to_do', 'Litigation'),
  answered('ben', 'refuse_to_do', 'Hourly billing for startups'),
];

export const revealed: CheckRevealed = {
  type: 'CheckRevealed',
  data: {
    checkId: 'c1',
    revealedBy: 'system',
    forced: false,
    revealedAt: T2,
    suggestions: KEYS.map((questionKey) => ({ questionKey, suggestedJudgement: 'MATCH', similarity: 1 })),
  },
};

export const judged = (questionKey: string, judgement: Judgement, judgedBy = 'fay'): QuestionJudged => ({
  type: 'QuestionJudged',
  data: { checkId: 'c1', questionKey, judgement, judgedBy, at: T2 },
});
