import { Command } from '@nestjs/cqrs';
import type { Question } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

/** Opens a check; the result is the new check's id. */
export class OpenCheckCommand extends Command<string> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly input: { questions?: Question[]; participantIds?: string[] },
  ) {
    super();
  }
}
