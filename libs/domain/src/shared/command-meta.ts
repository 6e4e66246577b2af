import type { Role } from './vocabulary';

/** Who acts: a member with the role they hold now, or `system` for reactions and schedulers. */
export type Actor = { kind: 'member'; memberId: string; role: Role } | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

/** What every command carries besides its payload: time and actor come in, `decide` never reads a clock. */
export interface CommandMeta {
  actor: Actor;
  /** ISO-8601 instant of the command. */
  now: string;
}

export function actorId(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : actor.memberId;
}
