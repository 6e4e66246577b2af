import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, type CheckCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { JudgeQuestionCommand } from './judge-question.command';

@CommandHandler(JudgeQuestionCommand)
export class JudgeQuestionHandler implements ICommandHandler<JudgeQuestionCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, check, questionKey, judgement }: JudgeQuestionCommand): Promise<void> {
    await this.runner.runFor(by, { decider: checkDecider, stream: checkStream(check.id), firmId: check.firmId }, (meta): CheckCommand => ({
      type: 'JudgeQuestion',
      questionKey,
      judgement,
      ...meta,
    }));
  }
}
