import { assertNever } from '../shared/decider';
import type { Judgement, Question, Verdict } from '../shared/vocabulary';
import type { CheckEvent, Suggestion } from './events';

export type CheckStatus = 'NONE' | 'OPEN' | 'REVEALED' | 'CLOSED';

export interface CheckAnswer {
  text: string;
  vagueTerms: string[];
}

export interface CheckState {
  status: CheckStatus;
  checkId: string;
  firmId: string;
  questions: Question[];
  participantIds: string[];
  /** questionKey → memberId → the member's current answer. */
  answers: Readonly<Record<string, Readonly<Record<string, CheckAnswer>>>>;
  suggestions: Suggestion[];
  /** questionKey → the current judgement. */
  judgements: Readonly<Record<string, Judgement>>;
  openedAt: string | null;
  revealedAt: string | null;
  score: number | null;
  outOf: number | null;
  verdict: Verdict | null;
  mismatched: string[];
  closedAt: string | null;
}

export function initialCheckState(): CheckState {
  return {
    status: 'NONE',
    checkId: '',
    firmId: '',
    questions: [],
    participantIds: [],
    answers: {},
    suggestions: [],
    judgements: {},
    openedAt: null,
    revealedAt: null,
    score: null,
    outOf: null,
    verdict: null,
    mismatched: [],
    closedAt: null,
  };
}

/** The member's current answer to a question, if any. */
export function answerOf(state: CheckState, questionKey: string, memberId: string): CheckAnswer | undefined {
  const byMember = Object.hasOwn(state.answers, questionKey) ? state.answers[questionKey] : undefined;
  return byMember && Object.hasOwn(byMember, memberId) ? byMember[memberId] : undefined;
}

export function judgementOf(state: CheckState, questionKey: string): Judgement | undefined {
  return Object.hasOwn(state.judgements, questionKey) ? state.judgements[questionKey] : undefined;
}

/** Every participant answered every question: the moment the check reveals itself. */
export function isFullyAnswered(state: CheckState): boolean {
  return (
    state.status !== 'NONE' &&
    state.questions.every(({ key }) => state.participantIds.every((memberId) => answerOf(state, key, memberId) !== undefined))
  );
}

function withAnswer(state: CheckState, data: { questionKey: string; memberId: string; text: string; vagueTerms: string[] }) {
  const byMember = Object.hasOwn(state.answers, data.questionKey) ? state.answers[data.questionKey] : {};
  const answer: CheckAnswer = { text: data.text, vagueTerms: data.vagueTerms };
  return { ...state, answers: { ...state.answers, [data.questionKey]: { ...byMember, [data.memberId]: answer } } };
}

export function evolveCheck(state: CheckState, event: CheckEvent): CheckState {
  switch (event.type) {
    case 'CheckOpened': {
      const { checkId, firmId, questions, participantIds, openedAt } = event.data;
      return { ...state, status: 'OPEN', checkId, firmId, questions, participantIds, openedAt };
    }
    case 'AnswerSubmitted':
    case 'AnswerRevised':
      return withAnswer(state, event.data);
    case 'CheckRevealed':
      return { ...state, status: 'REVEALED', revealedAt: event.data.revealedAt, suggestions: event.data.suggestions };
    case 'QuestionJudged':
      return { ...state, judgements: { ...state.judgements, [event.data.questionKey]: event.data.judgement } };
    case 'CheckClosed': {
      const { score, outOf, verdict, mismatched, closedAt } = event.data;
      return { ...state, status: 'CLOSED', score, outOf, verdict, mismatched, closedAt };
    }
    default:
      return assertNever(event);
  }
}
