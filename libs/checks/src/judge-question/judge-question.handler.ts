import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, type CheckCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { JudgeQuestionCommand } from './judge-question.command';

@CommandHandler(JudgeQuestionCommand)
export class JudgeQuestionHandler implements ICommandHandler<JudgeQuestionCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, check, questionKey, judgement }: JudgeQuestionCommand): Promise<void> {
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    await this.runner.run({
      decider: checkDecider,
      stream: checkStream(check.id),
      firmId: check.firmId,
      actor,
      now,
      command: (): CheckCommand => ({ type: 'JudgeQuestion', questionKey, judgement, actor, now }),
    });
  }
}
