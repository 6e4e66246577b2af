import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, ID, InputType, Mutation, Resolver } from '@nestjs/graphql';
import type { Layer } from '@accord/domain';
import { ALL_ROLES, Ctx, LayerEnum, requireFirmRole, type RequestContext } from '@accord/platform';
import { Disagreement } from '../read-model/disagreement.model';
import { DisagreementsView } from '../read-model/disagreements.view';
import { RaiseDisagreementCommand } from './raise-disagreement.command';

@InputType()
export class PositionInput {
  @Field(() => ID) memberId!: string;
  @Field() text!: string;
}

@InputType()
export class RaiseDisagreementInput {
  @Field() topic!: string;
  @Field(() => LayerEnum) layer!: Layer;
  @Field(() => [PositionInput]) positions!: PositionInput[];
}

@Resolver()
export class RaiseDisagreementResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: DisagreementsView,
  ) {}

  @Mutation(() => Disagreement, { description: 'Partners and facilitators; each position belongs to an active member of the firm.' })
  async raiseDisagreement(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('input') input: RaiseDisagreementInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Disagreement> {
    // Membership here; the decider says which roles may raise.
    const by = requireFirmRole(ctx, firmId, ALL_ROLES);
    const positions = input.positions.map(({ memberId, text }) => ({ memberId, text }));
    const id = await this.commands.execute(new RaiseDisagreementCommand(by, firmId, { topic: input.topic, layer: input.layer, positions }));
    return this.view.disagreement(id);
  }
}
