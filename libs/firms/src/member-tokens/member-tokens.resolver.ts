import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, requireMember, type RequestContext } from '@accord/platform';
import { MemberCredentials } from '../add-member/add-member.resolver';
import { FirmsView } from '../read-model/firms.view';
import { Member } from '../read-model/member.model';
import { RevokeTokenCommand } from './revoke-token.command';
import { RotateTokenCommand } from './rotate-token.command';

/**
 * Every member manages their own token; a partner also those of their firm's members. Both take effect
 * at once: HTTP requests with the old token are refused, and its open sockets close within seconds.
 */
@Resolver()
export class MemberTokensResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: FirmsView,
  ) {}

  @Mutation(() => MemberCredentials, {
    description: "A new token for you (no memberId) or, for a partner, for a member of the firm; the old one stops working. Shown once.",
  })
  async rotateToken(
    @Args('memberId', { type: () => ID, nullable: true }) memberId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<MemberCredentials> {
    const by = requireMember(ctx);
    const target = memberId ?? by.memberId;
    const { token } = await this.commands.execute(new RotateTokenCommand(by, target));
    return { member: await this.view.member(target), token };
  }

  @Mutation(() => Member, {
    description: 'Your token (no memberId) or, for a partner, a member\'s stops working; they hold none until a partner rotates one for them.',
  })
  async revokeToken(
    @Args('memberId', { type: () => ID, nullable: true }) memberId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Member> {
    const by = requireMember(ctx);
    const target = memberId ?? by.memberId;
    await this.commands.execute(new RevokeTokenCommand(by, target));
    return this.view.member(target);
  }
}
