import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** A partner endorses a decision; the last active partner's endorsement locks it. */
export class EndorseDecisionCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly decisionId: string,
  ) {
    super();
  }
}
