import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { Role } from '@accord/domain';
import { Ctx, RoleEnum, requireFirmRole, type RequestContext } from '@accord/platform';
import { Firm } from '../read-model/firm.model';
import { FirmsView } from '../read-model/firms.view';
import { Member } from '../read-model/member.model';
import { ChangeFirmCommand, type FirmChange } from './change-firm.command';
import { QuestionInput } from './question.input';

/** Partners manage their firm: roles, departures, the default question set, the cadence, extra vague words. */
@Resolver()
export class ManageFirmResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: FirmsView,
  ) {}

  @Mutation(() => Member)
  async changeMemberRole(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
    @Ctx() ctx: RequestContext,
  ): Promise<Member> {
    await this.change(ctx, firmId, { type: 'ChangeMemberRole', memberId, role });
    return this.view.member(memberId);
  }

  @Mutation(() => Member, { description: 'The member leaves the firm; their token stops working. History keeps their name.' })
  async removeMember(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Member> {
    await this.change(ctx, firmId, { type: 'RemoveMember', memberId });
    return this.view.member(memberId);
  }

  @Mutation(() => Firm, { description: 'The questions new checks ask by default.' })
  async defineQuestionSet(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('questions', { type: () => [QuestionInput] }) questions: QuestionInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<Firm> {
    await this.change(ctx, firmId, { type: 'DefineQuestionSet', questions: questions.map(({ key, prompt }) => ({ key, prompt })) });
    return this.view.firm(firmId);
  }

  @Mutation(() => Firm, { description: 'Days between checks before the firm is CHECK_OVERDUE (7 to 730).' })
  async setCadence(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('cadenceDays', { type: () => Int }) cadenceDays: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Firm> {
    await this.change(ctx, firmId, { type: 'SetCadence', cadenceDays });
    return this.view.firm(firmId);
  }

  @Mutation(() => Firm, { description: "The firm's own abstract words, refused in answers in addition to the shared list (replaces the previous list)." })
  async defineVagueWords(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('words', { type: () => [String] }) words: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<Firm> {
    await this.change(ctx, firmId, { type: 'DefineVagueWords', words });
    return this.view.firm(firmId);
  }

  private async change(ctx: RequestContext, firmId: string, change: FirmChange): Promise<void> {
    const by = requireFirmRole(ctx, firmId, ['PARTNER']);
    await this.commands.execute(new ChangeFirmCommand(by, firmId, change));
  }
}
