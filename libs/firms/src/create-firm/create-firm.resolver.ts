import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { DomainError, type FirmKind } from '@accord/domain';
import { Ctx, FirmKindEnum, OPEN_SIGNUP, SignUp, type RequestContext } from '@accord/platform';
import { Firm } from '../read-model/firm.model';
import { Member } from '../read-model/member.model';
import { FirmsView } from '../read-model/firms.view';
import { CreateFirmCommand } from './create-firm.command';

@InputType()
export class CreateFirmInput {
  @Field() name!: string;
  @Field(() => FirmKindEnum) kind!: FirmKind;
  @Field() founderName!: string;
}

@ObjectType()
export class FirmCredentials {
  @Field(() => Firm) firm!: Firm;
  @Field(() => Member) member!: Member;
  @Field({ description: "The founding partner's bearer token. Shown once: only its sha-256 is kept." })
  token!: string;
}

@Resolver()
export class CreateFirmResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: FirmsView,
    @Inject(OPEN_SIGNUP) private readonly openSignup: boolean,
  ) {}

  @Mutation(() => FirmCredentials, {
    description: 'Founds a firm with its founding partner (open sign-up; with ACCORD_OPEN_SIGNUP=false only the operator token, ACCORD_OPERATOR_TOKEN, may).',
  })
  @SignUp()
  async createFirm(@Args('input') input: CreateFirmInput, @Ctx() ctx: RequestContext): Promise<FirmCredentials> {
    if (!this.openSignup && !ctx.operator) {
      throw new DomainError('FORBIDDEN', 'sign-up is closed on this server (ACCORD_OPEN_SIGNUP=false): only the operator token may create firms');
    }
    const created = await this.commands.execute(new CreateFirmCommand(input));
    return { firm: await this.view.firm(created.firmId), member: await this.view.member(created.memberId), token: created.token };
  }
}
