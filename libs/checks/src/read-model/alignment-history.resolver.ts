import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, requireFirmRole, type RequestContext } from '@accord/platform';
import { CheckScore } from './check-score.model';
import { ChecksView } from './checks.view';

@Resolver(() => CheckScore)
export class AlignmentHistoryResolver {
  constructor(private readonly view: ChecksView) {}

  @Query(() => [CheckScore], { description: "The firm's closed checks, oldest first: drift over time." })
  alignmentHistory(@Args('firmId', { type: () => ID }) firmId: string, @Ctx() ctx: RequestContext): Promise<CheckScore[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return this.view.history(firmId);
  }
}
