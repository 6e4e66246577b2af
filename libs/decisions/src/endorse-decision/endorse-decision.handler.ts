import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decisionDecider, decisionStream, type DecisionCommand } from '@accord/domain';
import { CommandRunner, actorOf } from '@accord/platform';
import { FirmsQueries } from '@accord/firms';
import { EndorseDecisionCommand } from './endorse-decision.command';

@CommandHandler(EndorseDecisionCommand)
export class EndorseDecisionHandler implements ICommandHandler<EndorseDecisionCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, firmId, decisionId }: EndorseDecisionCommand): Promise<void> {
    const now = this.runner.clock.now();
    const actor = actorOf(by);
    await this.runner.run({
      decider: decisionDecider,
      stream: decisionStream(decisionId),
      firmId,
      actor,
      now,
      // Read on every attempt: who must endorse is whoever is an active partner when it locks.
      command: async (): Promise<DecisionCommand> => ({
        type: 'EndorseDecision',
        activePartnerIds: (await this.firms.members(firmId)).filter(({ role }) => role === 'PARTNER').map(({ id }) => id),
        actor,
        now,
      }),
    });
  }
}
