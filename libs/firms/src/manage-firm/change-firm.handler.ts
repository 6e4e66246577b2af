import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { ChangeFirmCommand } from './change-firm.command';

@CommandHandler(ChangeFirmCommand)
export class ChangeFirmHandler implements ICommandHandler<ChangeFirmCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, change }: ChangeFirmCommand): Promise<void> {
    await this.runner.runFor(by, { decider: firmDecider, stream: firmStream(firmId), firmId }, (meta) => ({ ...change, ...meta }) as FirmCommand);
  }
}
