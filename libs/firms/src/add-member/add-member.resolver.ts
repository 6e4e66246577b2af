import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, ID, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import type { Role } from '@accord/domain';
import { Ctx, RoleEnum, requireFirmRole, type RequestContext } from '@accord/platform';
import { Member } from '../read-model/member.model';
import { FirmsView } from '../read-model/firms.view';
import { AddMemberCommand } from './add-member.command';

@InputType()
export class AddMemberInput {
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
}

@ObjectType()
export class MemberCredentials {
  @Field(() => Member) member!: Member;
  @Field({ description: "The new member's bearer token. Shown once: only its sha-256 is kept." })
  token!: string;
}

@Resolver()
export class AddMemberResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: FirmsView,
  ) {}

  @Mutation(() => MemberCredentials, { description: 'Partners only.' })
  async addMember(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('input') input: AddMemberInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MemberCredentials> {
    const by = requireFirmRole(ctx, firmId, ['PARTNER']);
    const { memberId, token } = await this.commands.execute(new AddMemberCommand(by, firmId, input));
    return { member: await this.view.member(memberId), token };
  }
}
