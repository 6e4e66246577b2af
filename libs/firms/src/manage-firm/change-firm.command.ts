import { Command } from '@nestjs/cqrs';
import type { FirmCommand } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

type WithoutMeta<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;

/** A change to an existing firm: a member's role, a departure, the question set, the cadence, the vague words. */
export type FirmChange = WithoutMeta<Exclude<FirmCommand, { type: 'FoundFirm' | 'AddMember' | 'RotateMemberToken' | 'RevokeMemberToken' }>>;

export class ChangeFirmCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly change: FirmChange,
  ) {
    super();
  }
}
