import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** Put the conversation off, with a reason: the disagreement stays open and keeps accruing debt. */
export class DeferDisagreementCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly disagreementId: string,
    readonly reason: string,
  ) {
    super();
  }
}
