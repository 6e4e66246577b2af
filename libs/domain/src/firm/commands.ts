import type { CommandMeta } from '../shared/command-meta';
import type { FirmKind, Question, Role } from '../shared/vocabulary';

export type FoundFirm = CommandMeta & {
  type: 'FoundFirm';
  firmId: string;
  name: string;
  kind: FirmKind;
  founder: { memberId: string; name: string; tokenHash: string };
};
export type AddMember = CommandMeta & { type: 'AddMember'; memberId: string; name: string; role: Role; tokenHash: string };
export type ChangeMemberRole = CommandMeta & { type: 'ChangeMemberRole'; memberId: string; role: Role };
export type RemoveMember = CommandMeta & { type: 'RemoveMember'; memberId: string };
/** The member's token is replaced by a new one (its hash here); the old one stops working. */
export type RotateMemberToken = CommandMeta & { type: 'RotateMemberToken'; memberId: string; tokenHash: string };
/** The member keeps their place but has no working token until one is rotated for them. */
export type RevokeMemberToken = CommandMeta & { type: 'RevokeMemberToken'; memberId: string };
export type DefineQuestionSet = CommandMeta & { type: 'DefineQuestionSet'; questions: Question[] };
export type SetCadence = CommandMeta & { type: 'SetCadence'; cadenceDays: number };
export type DefineVagueWords = CommandMeta & { type: 'DefineVagueWords'; words: string[] };

export type FirmCommand =
  | FoundFirm
  | AddMember
  | ChangeMemberRole
  | RemoveMember
  | RotateMemberToken
  | RevokeMemberToken
  | DefineQuestionSet
  | SetCadence
  | DefineVagueWords;
