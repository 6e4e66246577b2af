import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** A new token for `memberId` (the caller or, for a partner, a member of their firm); resolves with it, once. */
export class RotateTokenCommand extends Command<{ token: string }> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly memberId: string,
  ) {
    super();
  }
}
