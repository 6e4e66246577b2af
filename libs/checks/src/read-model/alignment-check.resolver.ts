import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Member } from '@accord/firms';
import { ALL_ROLES, CheckStatusEnum, Ctx, requireFirmRole, type RequestContext } from '@accord/platform';
import { AlignmentCheck } from './alignment-check.model';
import { CheckQuestion } from './check-question.model';
import type { CheckStatusValue } from './checks.queries';
import { ChecksView, toCheck } from './checks.view';

/**
 * Reading checks. The fields that carry people and answers check the caller again, so a check reached through
 * another feature (e.g. `Decision.why.checks`) is sealed the same way.
 */
@Resolver(() => AlignmentCheck)
export class AlignmentCheckResolver {
  constructor(private readonly view: ChecksView) {}

  @Query(() => AlignmentCheck, { nullable: true, description: 'Any member of the check’s firm; NOT_FOUND for an unknown id and for another firm’s alike.' })
  check(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<AlignmentCheck> {
    return this.view.checkFor(ctx, id);
  }

  @Query(() => [AlignmentCheck], { description: "A firm's checks, newest first, optionally of one status." })
  async checks(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('status', { type: () => CheckStatusEnum, nullable: true }) status: CheckStatusValue | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AlignmentCheck[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return (await this.view.queries.checks(firmId, status)).map(toCheck);
  }

  @ResolveField(() => [Member], { description: 'Who answers the check (partners), in order.' })
  participants(@Parent() check: AlignmentCheck, @Ctx() ctx: RequestContext): Promise<Member[]> {
    requireFirmRole(ctx, check.firmId, ALL_ROLES);
    return this.view.participants(check);
  }

  @ResolveField(() => [CheckQuestion])
  questions(@Parent() check: AlignmentCheck, @Ctx() ctx: RequestContext): Promise<CheckQuestion[]> {
    const caller = requireFirmRole(ctx, check.firmId, ALL_ROLES);
    return this.view.questions(check, caller.memberId);
  }

  @ResolveField(() => [Member], {
    description: 'Participants who have answered every question, in participant order. It tells who, never what: the text stays sealed until the reveal.',
  })
  answeredBy(@Parent() check: AlignmentCheck, @Ctx() ctx: RequestContext): Promise<Member[]> {
    requireFirmRole(ctx, check.firmId, ALL_ROLES);
    return this.view.answeredBy(check);
  }
}
