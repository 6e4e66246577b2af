import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Ctx, requireFirmRole, requireMember, type RequestContext } from '@accord/platform';
import { Firm } from './firm.model';
import { FirmsView, toMember } from './firms.view';
import { Member } from './member.model';

@Resolver(() => Firm)
export class FirmResolver {
  constructor(private readonly view: FirmsView) {}

  @Query(() => Member, { nullable: true, description: 'The member the token belongs to; null without a token, UNAUTHENTICATED for a bad one.' })
  async me(@Ctx() ctx: RequestContext): Promise<Member | null> {
    if (!ctx.member) {
      // A token that matches no active member is refused (UNAUTHENTICATED), not taken for "signed out".
      if (ctx.badToken) requireMember(ctx);
      return null;
    }
    return this.view.member(ctx.member.memberId);
  }

  @Query(() => Firm, { nullable: true })
  async firm(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext): Promise<Firm> {
    requireFirmRole(ctx, id, ALL_ROLES);
    return this.view.firm(id);
  }

  @ResolveField(() => [Member], { description: 'Active members, in joining order.' })
  async members(@Parent() firm: Firm): Promise<Member[]> {
    return (await this.view.queries.members(firm.id)).map(toMember);
  }
}
