import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { ChangeFirmCommand } from './change-firm.command';

@CommandHandler(ChangeFirmCommand)
export class ChangeFirmHandler implements ICommandHandler<ChangeFirmCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, change }: ChangeFirmCommand): Promise<void> {
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    await this.runner.run({
      decider: firmDecider,
      stream: firmStream(firmId),
      firmId,
      actor,
      now,
      command: () => ({ ...change, actor, now }) as FirmCommand,
    });
  }
}
