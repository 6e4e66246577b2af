import type { DomainEvent } from '../shared/decider';
import type { Judgement, Question, Verdict } from '../shared/vocabulary';

export type CheckOpened = DomainEvent<
  'CheckOpened',
  { checkId: string; firmId: string; questions: Question[]; participantIds: string[]; openedBy: string; openedAt: string }
>;
/** Sealed until the check is revealed: the API never shows `text` to anyone but its author before then. */
export type AnswerSubmitted = DomainEvent<
  'AnswerSubmitted',
  { checkId: string; questionKey: string; memberId: string; text: string; vagueTerms: string[]; at: string }
>;
export type AnswerRevised = DomainEvent<
  'AnswerRevised',
  { checkId: string; questionKey: string; memberId: string; text: string; vagueTerms: string[]; at: string }
>;
export interface Suggestion {
  questionKey: string;
  suggestedJudgement: Judgement;
  /** 0..1, see similarity.ts */
  similarity: number;
}
export type CheckRevealed = DomainEvent<
  'CheckRevealed',
  {
    checkId: string;
    /** A member id when a facilitator forced it; `system` when every answer was in. */
    revealedBy: string;
    forced: boolean;
    revealedAt: string;
    suggestions: Suggestion[];
  }
>;
export type QuestionJudged = DomainEvent<
  'QuestionJudged',
  { checkId: string; questionKey: string; judgement: Judgement; judgedBy: string; at: string }
>;
/** What the close was compared with, recorded so drift is a pure function of this event. */
export interface CloseBasis {
  /** The firm's previous closed check, if any. */
  previousCheck: { checkId: string; score: number; outOf: number } | null;
  /** Aligned definitions at the moment of closing: question key → decision id. */
  alignedDefinitions: Record<string, string>;
}
export type CheckClosed = DomainEvent<
  'CheckClosed',
  {
    checkId: string;
    firmId: string;
    closedBy: string;
    closedAt: string;
    score: number;
    outOf: number;
    verdict: Verdict;
    /** Question keys judged MISMATCH, in question order. */
    mismatched: string[];
    basis: CloseBasis;
  }
>;

export type CheckEvent = CheckOpened | AnswerSubmitted | AnswerRevised | CheckRevealed | QuestionJudged | CheckClosed;

export const checkStream = (checkId: string) => `check-${checkId}`;
