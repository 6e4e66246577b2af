import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, DateTimeScalar, DisagreementStatusEnum, requireFirmRole, type RequestContext } from '@accord/platform';
import { ConflictDebt } from './conflict-debt.model';
import { Disagreement } from './disagreement.model';
import type { DisagreementStatusValue } from './disagreements.queries';
import { DisagreementsView } from './disagreements.view';

/** Reads of disagreements and conflict debt: any member of the firm. */
@Resolver(() => Disagreement)
export class DisagreementsResolver {
  constructor(private readonly view: DisagreementsView) {}

  @Query(() => Disagreement, { nullable: true })
  disagreement(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<Disagreement> {
    return this.view.readable(ctx, id);
  }

  @Query(() => [Disagreement], { description: "The firm's disagreements in the order they were raised, optionally of one status." })
  async disagreements(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('status', { type: () => DisagreementStatusEnum, nullable: true }) status: DisagreementStatusValue | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Disagreement[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return this.view.toModels(await this.view.queries.forFirm(firmId, status));
  }

  @Query(() => ConflictDebt, { description: 'Conflict debt as of any instant, past or future (default now).' })
  conflictDebt(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ConflictDebt> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return this.view.conflictDebt(firmId, asOf);
  }
}
