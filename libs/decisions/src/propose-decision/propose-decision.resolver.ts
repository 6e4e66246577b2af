import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, requireFirmRole, type RequestContext } from '@accord/platform';
import { Decision } from '../read-model/decision.model';
import { DecisionsView } from '../read-model/decisions.view';
import { ProposeDecisionCommand } from './propose-decision.command';
import { ProposeDecisionInput } from './propose-decision.input';

@Resolver()
export class ProposeDecisionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: DecisionsView,
  ) {}

  @Mutation(() => Decision, { description: 'Partners only. Locks once every active partner endorsed it.' })
  async proposeDecision(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('input') input: ProposeDecisionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Decision> {
    // Membership here; the decider refuses every role but PARTNER.
    const by = requireFirmRole(ctx, firmId, ALL_ROLES);
    const id = await this.commands.execute(
      new ProposeDecisionCommand(by, firmId, {
        title: input.title,
        outcome: input.outcome,
        chosenAnswer: input.chosenAnswer,
        alternatives: input.alternatives,
        rationale: input.rationale,
        layer: input.layer,
        questionKey: input.questionKey ?? null,
        resolves: input.resolves ?? [],
        supersedes: input.supersedes ?? null,
      }),
    );
    return this.view.decision(id);
  }
}
