import { assertNever } from '../shared/decider';
import type { FirmKind, Question, Role } from '../shared/vocabulary';
import type { FirmEvent } from './events';

export interface FirmMember {
  name: string;
  role: Role;
  /** False once the member left; their id stays taken. */
  active: boolean;
  /** False while the member's token is revoked and no new one was rotated for them. */
  hasToken: boolean;
}

export interface FirmState {
  founded: boolean;
  firmId: string;
  name: string;
  kind: FirmKind | null;
  /** memberId → member, departed members included. */
  members: Readonly<Record<string, FirmMember>>;
  questions: Question[];
  cadenceDays: number;
  /** The firm's own abstract words (the shared list is added by whoever checks answers). */
  vagueWords: string[];
}

export function initialFirmState(): FirmState {
  return { founded: false, firmId: '', name: '', kind: null, members: {}, questions: [], cadenceDays: 0, vagueWords: [] };
}

/** The member with this id, active or not; undefined for unknown ids (prototype keys included). */
export function memberOf(state: FirmState, memberId: string): FirmMember | undefined {
  return Object.hasOwn(state.members, memberId) ? state.members[memberId] : undefined;
}

/** Active partners who can still sign in: the ones who can administer the firm. */
export function signedInPartnerIds(state: FirmState): string[] {
  return activePartnerIds(state).filter((memberId) => state.members[memberId].hasToken);
}

export function activePartnerIds(state: FirmState): string[] {
  return Object.entries(state.members)
    .filter(([, member]) => member.active && member.role === 'PARTNER')
    .map(([memberId]) => memberId);
}

const withMember = (state: FirmState, memberId: string, change: (member: FirmMember) => FirmMember): FirmState => {
  const member = memberOf(state, memberId);
  return member ? { ...state, members: { ...state.members, [memberId]: change(member) } } : state;
};

export function evolveFirm(state: FirmState, event: FirmEvent): FirmState {
  switch (event.type) {
    case 'FirmFounded': {
      const { firmId, name, kind, founder, questions, cadenceDays } = event.data;
      return {
        ...state,
        founded: true,
        firmId,
        name,
        kind,
        members: { [founder.memberId]: { name: founder.name, role: 'PARTNER', active: true, hasToken: true } },
        questions,
        cadenceDays,
      };
    }
    case 'MemberJoined': {
      const { memberId, name, role } = event.data;
      return { ...state, members: { ...state.members, [memberId]: { name, role, active: true, hasToken: true } } };
    }
    case 'MemberRoleChanged':
      return withMember(state, event.data.memberId, (member) => ({ ...member, role: event.data.role }));
    case 'MemberLeft':
      return withMember(state, event.data.memberId, (member) => ({ ...member, active: false }));
    case 'MemberTokenRotated':
      return withMember(state, event.data.memberId, (member) => ({ ...member, hasToken: true }));
    case 'MemberTokenRevoked':
      return withMember(state, event.data.memberId, (member) => ({ ...member, hasToken: false }));
    case 'QuestionSetDefined':
      return { ...state, questions: event.data.questions };
    case 'CadenceSet':
      return { ...state, cadenceDays: event.data.cadenceDays };
    case 'VagueWordsDefined':
      return { ...state, vagueWords: event.data.words };
    default:
      return assertNever(event);
  }
}
