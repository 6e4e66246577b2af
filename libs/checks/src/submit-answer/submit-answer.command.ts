import { Command } from '@nestjs/cqrs';
import type { AuthenticatedMember } from '@accord/platform';

/** The caller's current answer after the command (unchanged when the same text was sent again). */
export interface SubmittedAnswer {
  questionKey: string;
  memberId: string;
  text: string;
  vagueTerms: string[];
}

/** The caller's own answer to one question of a check: submitted the first time, revised after. */
export class SubmitAnswerCommand extends Command<SubmittedAnswer> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly check: { id: string; firmId: string },
    readonly questionKey: string,
    readonly text: string,
  ) {
    super();
  }
}
