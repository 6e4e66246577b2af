import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { disagreementDecider, disagreementStream, type DisagreementCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { FirmsQueries } from '@accord/firms';
import { RaiseDisagreementCommand } from './raise-disagreement.command';

@CommandHandler(RaiseDisagreementCommand)
export class RaiseDisagreementHandler implements ICommandHandler<RaiseDisagreementCommand, string> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, firmId, input }: RaiseDisagreementCommand): Promise<string> {
    const disagreementId = this.runner.newId('disagreement');
    const memberIds = (await this.firms.members(firmId)).map((member) => member.id);
    await this.runner.runFor(
      by,
      { decider: disagreementDecider, stream: disagreementStream(disagreementId), firmId },
      (meta): DisagreementCommand => ({
        type: 'RaiseDisagreement',
        disagreementId,
        firmId,
        topic: input.topic,
        layer: input.layer,
        positions: input.positions,
        memberIds,
        ...meta,
      }),
    );
    return disagreementId;
  }
}
