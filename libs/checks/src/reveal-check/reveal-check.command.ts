import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** A partner or facilitator reveals a check now, even with answers missing. */
export class RevealCheckCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly check: { id: string; firmId: string },
  ) {
    super();
  }
}
