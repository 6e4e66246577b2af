import { Command } from '@nestjs/cqrs';
import type { Judgement } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

/** Records whether the answers to one question of a revealed check match. */
export class JudgeQuestionCommand extends Command<void> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly check: { id: string; firmId: string },
    readonly questionKey: string,
    readonly judgement: Judgement,
  ) {
    super();
  }
}
