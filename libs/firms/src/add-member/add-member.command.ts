import { Command } from '@nestjs/cqrs';
import type { Role } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

export class AddMemberCommand extends Command<{ memberId: string; token: string }> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly input: { name: string; role: Role },
  ) {
    super();
  }
}
