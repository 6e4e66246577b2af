import type { Role } from '../session/session';

/** What the check pages read and write; field names as in the live schema. */
export type CheckStatus = 'OPEN' | 'REVEALED' | 'CLOSED';
export type Judgement = 'MATCH' | 'MISMATCH';
export type Verdict = 'ALIGNED' | 'FRICTION' | 'FRACTURE' | 'SPLIT';

export interface Person {
  id: string;
  name: string;
}

export interface CheckAnswer {
  member: Person;
  text: string;
  vagueTerms: string[];
}

export interface CheckQuestion {
  key: string;
  prompt: string;
  /** Before the reveal only the caller's own answer; after it everyone's, in participant order. */
  answers: CheckAnswer[];
  judgement: Judgement | null;
  similarity: number | null;
  suggestedJudgement: Judgement | null;
}

export interface AlignmentCheck {
  id: string;
  status: CheckStatus;
  openedAt: string;
  revealedAt: string | null;
  closedAt: string | null;
  score: number | null;
  outOf: number | null;
  verdict: Verdict | null;
  participants: Person[];
  answeredBy: Person[];
  questions: CheckQuestion[];
}

export type CheckSummary = Pick<AlignmentCheck, 'id' | 'status' | 'openedAt' | 'closedAt' | 'score' | 'outOf' | 'verdict'>;

export interface RaisedDisagreement {
  id: string;
  checkId: string | null;
  topic: string;
  status: 'OPEN' | 'DEFERRED' | 'RESOLVED';
}

export type { Role };

export const CHECKS = `query Checks($firmId: ID!) {
  checks(firmId: $firmId) { id status openedAt closedAt score outOf verdict }
}`;

export const CHECK = `query Check($id: ID!) {
  check(id: $id) {
    id status openedAt revealedAt closedAt score outOf verdict
    participants { id name }
    answeredBy { id name }
    questions { key prompt judgement similarity suggestedJudgement answers { member { id name } text vagueTerms } }
  }
}`;

// The schema has no per-check filter; a firm's disagreements are few, so the page filters by checkId.
export const DISAGREEMENTS = `query CheckDisagreements($firmId: ID!) {
  disagreements(firmId: $firmId) { id checkId topic status }
}`;

export const OPEN_CHECK = `mutation OpenCheck($firmId: ID!) { openCheck(firmId: $firmId) { id status } }`;

export const SUBMIT_ANSWER = `mutation SubmitAnswer($checkId: ID!, $questionKey: String!, $text: String!) {
  submitAnswer(checkId: $checkId, questionKey: $questionKey, text: $text) { questionKey text vagueTerms member { id name } }
}`;

export const REVEAL_CHECK = `mutation RevealCheck($checkId: ID!) { revealCheck(checkId: $checkId) { id status } }`;

export const JUDGE_QUESTION = `mutation JudgeQuestion($checkId: ID!, $questionKey: String!, $judgement: Judgement!) {
  judgeQuestion(checkId: $checkId, questionKey: $questionKey, judgement: $judgement) { id status }
}`;

export const CLOSE_CHECK = `mutation CloseCheck($checkId: ID!) { closeCheck(checkId: $checkId) { id status score outOf verdict } }`;
