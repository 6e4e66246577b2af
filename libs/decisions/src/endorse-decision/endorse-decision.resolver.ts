import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, requireMember, type RequestContext } from '@accord/platform';
import { Decision } from '../read-model/decision.model';
import { DecisionsView } from '../read-model/decisions.view';
import { EndorseDecisionCommand } from './endorse-decision.command';

@Resolver()
export class EndorseDecisionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: DecisionsView,
  ) {}

  @Mutation(() => Decision, { description: 'Active partners only, once each; the last endorsement locks the decision.' })
  async endorseDecision(@Args('decisionId', { type: () => ID }) decisionId: string, @Ctx() ctx: RequestContext): Promise<Decision> {
    // NOT_FOUND / FORBIDDEN (another firm) first; the decider checks role and state.
    const { firmId } = await this.view.readable(ctx, decisionId);
    await this.commands.execute(new EndorseDecisionCommand(requireMember(ctx), firmId, decisionId));
    return this.view.decision(decisionId);
  }
}
