import type { CommandMeta } from '../shared/command-meta';
import type { Judgement, Question } from '../shared/vocabulary';
import type { CloseBasis } from './events';

/** The firm as the check needs it, loaded by the handler. */
export interface FirmContext {
  firmId: string;
  questions: Question[];
  /** Active members with their roles. */
  members: { memberId: string; role: string }[];
  /** The shared abstract words plus the firm's own, lower case. */
  vagueWords: readonly string[];
}

export type OpenCheck = CommandMeta & {
  type: 'OpenCheck';
  checkId: string;
  firm: FirmContext;
  /** Default: the firm's question set. */
  questions?: Question[];
  /** Default: every active partner. */
  participantIds?: string[];
};
export type SubmitAnswer = CommandMeta & { type: 'SubmitAnswer'; questionKey: string; text: string; vagueWords: readonly string[] };
export type RevealCheck = CommandMeta & { type: 'RevealCheck' };
export type JudgeQuestion = CommandMeta & { type: 'JudgeQuestion'; questionKey: string; judgement: Judgement };
export type CloseCheck = CommandMeta & { type: 'CloseCheck'; basis: CloseBasis };

export type CheckCommand = OpenCheck | SubmitAnswer | RevealCheck | JudgeQuestion | CloseCheck;
