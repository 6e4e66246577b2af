import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, requireMember, type RequestContext } from '@accord/platform';
import { Disagreement } from '../read-model/disagreement.model';
import { DisagreementsView } from '../read-model/disagreements.view';
import { DeferDisagreementCommand } from './defer-disagreement.command';

@Resolver()
export class DeferDisagreementResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: DisagreementsView,
  ) {}

  @Mutation(() => Disagreement, { description: 'Partners and facilitators. It stays open and keeps accruing conflict debt.' })
  async deferDisagreement(
    @Args('disagreementId', { type: () => ID }) disagreementId: string,
    @Args('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Disagreement> {
    // NOT_FOUND / FORBIDDEN (another firm) before anything else; the decider checks the role.
    const { firmId } = await this.view.readable(ctx, disagreementId);
    const by = requireMember(ctx);
    await this.commands.execute(new DeferDisagreementCommand(by, firmId, disagreementId, reason));
    return this.view.disagreement(disagreementId);
  }
}
