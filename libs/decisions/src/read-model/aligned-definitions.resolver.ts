import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, DateTimeScalar, requireFirmRole, type RequestContext } from '@accord/platform';
import { AlignedDefinition } from './aligned-definition.model';
import { DecisionsView } from './decisions.view';

@Resolver(() => AlignedDefinition)
export class AlignedDefinitionsResolver {
  constructor(private readonly view: DecisionsView) {}

  @Query(() => [AlignedDefinition], { description: 'Per question key, as of any instant (default now); ordered by key.' })
  alignedDefinitions(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AlignedDefinition[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return this.view.alignedDefinitions(firmId, asOf);
  }
}
