import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** Scores a revealed, fully judged check. */
export class CloseCheckCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly check: { id: string; firmId: string },
  ) {
    super();
  }
}
