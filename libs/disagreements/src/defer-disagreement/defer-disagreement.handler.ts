import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { disagreementDecider, disagreementStream, type DisagreementCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { DeferDisagreementCommand } from './defer-disagreement.command';

@CommandHandler(DeferDisagreementCommand)
export class DeferDisagreementHandler implements ICommandHandler<DeferDisagreementCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, disagreementId, reason }: DeferDisagreementCommand): Promise<void> {
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    await this.runner.run({
      decider: disagreementDecider,
      stream: disagreementStream(disagreementId),
      firmId,
      actor,
      now,
      command: (): DisagreementCommand => ({ type: 'DeferDisagreement', reason, actor, now }),
    });
  }
}
