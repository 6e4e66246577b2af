import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { disagreementDecider, disagreementStream, type DisagreementCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { DeferDisagreementCommand } from './defer-disagreement.command';

@CommandHandler(DeferDisagreementCommand)
export class DeferDisagreementHandler implements ICommandHandler<DeferDisagreementCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, disagreementId, reason }: DeferDisagreementCommand): Promise<void> {
    await this.runner.runFor(
      by,
      { decider: disagreementDecider, stream: disagreementStream(disagreementId), firmId },
      (meta): DisagreementCommand => ({ type: 'DeferDisagreement', reason, ...meta }),
    );
  }
}
