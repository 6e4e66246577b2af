import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, type CheckCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { RevealCheckCommand } from './reveal-check.command';

@CommandHandler(RevealCheckCommand)
export class RevealCheckHandler implements ICommandHandler<RevealCheckCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, check }: RevealCheckCommand): Promise<void> {
    await this.runner.runFor(by, { decider: checkDecider, stream: checkStream(check.id), firmId: check.firmId }, (meta): CheckCommand => ({
      type: 'RevealCheck',
      ...meta,
    }));
  }
}
