import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decisionDecider, decisionStream, type DecisionCommand, type ProposeDecision } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { FirmsQueries } from '@accord/firms';
import { DisagreementsQueries } from '@accord/disagreements';
import { DecisionsQueries } from '../read-model/decisions.queries';
import { ProposeDecisionCommand } from './propose-decision.command';

@CommandHandler(ProposeDecisionCommand)
export class ProposeDecisionHandler implements ICommandHandler<ProposeDecisionCommand, string> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
    private readonly disagreements: DisagreementsQueries,
    private readonly decisions: DecisionsQueries,
  ) {}

  async execute({ by, firmId, proposal }: ProposeDecisionCommand): Promise<string> {
    const decisionId = this.runner.newId('decision');
    const context = await this.context(firmId, proposal.resolves, proposal.supersedes);
    await this.runner.runFor(by, { decider: decisionDecider, stream: decisionStream(decisionId), firmId }, (meta): DecisionCommand => ({
      type: 'ProposeDecision',
      decisionId,
      firmId,
      ...proposal,
      context,
      ...meta,
    }));
    return decisionId;
  }

  /** What the decider checks the proposal against, as the read models show it now. */
  private async context(firmId: string, resolves: readonly string[], supersedes: string | null): Promise<ProposeDecision['context']> {
    const [firm, disagreements, superseded] = await Promise.all([
      this.firms.firm(firmId),
      this.disagreements.byIds(resolves),
      supersedes === null ? null : this.decisions.decision(supersedes),
    ]);
    return {
      firmId: firm?.id ?? '',
      questionKeys: firm?.questions.map(({ key }) => key) ?? [],
      disagreements: Object.fromEntries([...disagreements.values()].map(({ id, firmId, status }) => [id, { firmId, status }])),
      ...(superseded ? { superseded: { firmId: superseded.firmId, status: superseded.status } } : {}),
    };
  }
}
