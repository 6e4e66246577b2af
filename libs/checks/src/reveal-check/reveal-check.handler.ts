import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, type CheckCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { RevealCheckCommand } from './reveal-check.command';

@CommandHandler(RevealCheckCommand)
export class RevealCheckHandler implements ICommandHandler<RevealCheckCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, check }: RevealCheckCommand): Promise<void> {
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    await this.runner.run({
      decider: checkDecider,
      stream: checkStream(check.id),
      firmId: check.firmId,
      actor,
      now,
      command: (): CheckCommand => ({ type: 'RevealCheck', actor, now }),
    });
  }
}
