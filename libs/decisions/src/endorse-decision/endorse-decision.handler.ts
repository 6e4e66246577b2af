import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decisionDecider, decisionStream, type DecisionCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { FirmsQueries } from '@accord/firms';
import { EndorseDecisionCommand } from './endorse-decision.command';

@CommandHandler(EndorseDecisionCommand)
export class EndorseDecisionHandler implements ICommandHandler<EndorseDecisionCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, firmId, decisionId }: EndorseDecisionCommand): Promise<void> {
    // Read on every attempt: who must endorse is whoever is an active partner when it locks.
    await this.runner.runFor(
      by,
      { decider: decisionDecider, stream: decisionStream(decisionId), firmId },
      async (meta): Promise<DecisionCommand> => ({
        type: 'EndorseDecision',
        activePartnerIds: (await this.firms.members(firmId)).filter(({ role }) => role === 'PARTNER').map(({ id }) => id),
        ...meta,
      }),
    );
  }
}
