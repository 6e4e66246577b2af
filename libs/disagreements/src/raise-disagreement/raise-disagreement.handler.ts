import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { disagreementDecider, disagreementStream, type DisagreementCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { FirmsQueries } from '@accord/firms';
import { RaiseDisagreementCommand } from './raise-disagreement.command';

@CommandHandler(RaiseDisagreementCommand)
export class RaiseDisagreementHandler implements ICommandHandler<RaiseDisagreementCommand, string> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, firmId, input }: RaiseDisagreementCommand): Promise<string> {
    const disagreementId = randomUUID();
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    const memberIds = (await this.firms.members(firmId)).map((member) => member.id);
    await this.runner.run({
      decider: disagreementDecider,
      stream: disagreementStream(disagreementId),
      firmId,
      actor,
      now,
      command: (): DisagreementCommand => ({
        type: 'RaiseDisagreement',
        disagreementId,
        firmId,
        topic: input.topic,
        layer: input.layer,
        positions: input.positions,
        memberIds,
        actor,
        now,
      }),
    });
    return disagreementId;
  }
}
