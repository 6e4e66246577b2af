import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** `memberId`'s token stops working (the caller's own, or, for a partner, a member's of their firm). */
export class RevokeTokenCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly memberId: string,
  ) {
    super();
  }
}
