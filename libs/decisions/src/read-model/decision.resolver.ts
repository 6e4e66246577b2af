import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, DecisionStatusEnum, requireFirmRole, type RequestContext } from '@accord/platform';
import { Member } from '@accord/firms';
import { Disagreement, DisagreementsView } from '@accord/disagreements';
import { Decision, Endorsement } from './decision.model';
import { DecisionWhy } from './decision-why.model';
import type { DecisionStatusValue } from './decisions.queries';
import { DecisionsView, toDecision } from './decisions.view';

/** Reads of decisions (any member of the firm) and the links of a decision. */
@Resolver(() => Decision)
export class DecisionResolver {
  constructor(
    private readonly view: DecisionsView,
    private readonly disagreements: DisagreementsView,
  ) {}

  @Query(() => Decision, { nullable: true })
  decision(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<Decision> {
    return this.view.readable(ctx, id);
  }

  @Query(() => [Decision], { description: "The firm's decisions in the order they were proposed, optionally of one status." })
  async decisions(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('status', { type: () => DecisionStatusEnum, nullable: true }) status: DecisionStatusValue | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Decision[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return (await this.view.queries.forFirm(firmId, status)).map(toDecision);
  }

  @ResolveField(() => Member)
  proposedBy(@Parent() decision: Decision): Promise<Member> {
    return this.view.member(decision.proposedById);
  }

  @ResolveField(() => [Endorsement], { description: 'In the order given.' })
  endorsements(@Parent() decision: Decision): Promise<Endorsement[]> {
    return this.view.endorsements(decision.id);
  }

  @ResolveField(() => Decision, { nullable: true, description: 'The older decision this one replaces once locked.' })
  supersedes(@Parent() decision: Decision): Promise<Decision | null> {
    return this.view.maybeDecision(decision.supersedesId);
  }

  @ResolveField(() => Decision, { nullable: true })
  supersededBy(@Parent() decision: Decision): Promise<Decision | null> {
    return this.view.maybeDecision(decision.supersededById);
  }

  @ResolveField(() => [Disagreement], { description: 'The disagreements it resolves (resolved when it locks).' })
  resolves(@Parent() decision: Decision): Promise<Disagreement[]> {
    return this.disagreements.byIds(decision.resolvesIds);
  }

  @ResolveField(() => DecisionWhy)
  why(@Parent() decision: Decision): Promise<DecisionWhy> {
    return this.view.why(decision);
  }
}
