import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { answerOf, checkDecider, checkStream, notFound, SHARED_VAGUE_WORDS, type CheckCommand } from '@accord/domain';
import { FirmsQueries } from '@accord/firms';
import { CommandRunner } from '@accord/platform';
import { SubmitAnswerCommand, type SubmittedAnswer } from './submit-answer.command';

@CommandHandler(SubmitAnswerCommand)
export class SubmitAnswerHandler implements ICommandHandler<SubmitAnswerCommand, SubmittedAnswer> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, check, questionKey, text }: SubmitAnswerCommand): Promise<SubmittedAnswer> {
    const firm = await this.firms.firm(check.firmId);
    if (!firm) throw notFound('firm', check.firmId);
    const vagueWords = [...SHARED_VAGUE_WORDS, ...firm.vagueWords];
    const { state } = await this.runner.runFor(
      by,
      { decider: checkDecider, stream: checkStream(check.id), firmId: check.firmId },
      (meta): CheckCommand => ({ type: 'SubmitAnswer', questionKey, text, vagueWords, ...meta }),
    );
    // The decider accepted it, so the question exists and the caller's answer is in the state.
    const answer = answerOf(state, questionKey, by.memberId)!;
    return { questionKey, memberId: by.memberId, text: answer.text, vagueTerms: answer.vagueTerms };
  }
}
