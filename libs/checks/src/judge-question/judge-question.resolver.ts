import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Judgement } from '@accord/domain';
import { Ctx, JudgementEnum, requireMember, type RequestContext } from '@accord/platform';
import { AlignmentCheck } from '../read-model/alignment-check.model';
import { ChecksView } from '../read-model/checks.view';
import { JudgeQuestionCommand } from './judge-question.command';

@Resolver()
export class JudgeQuestionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: ChecksView,
  ) {}

  @Mutation(() => AlignmentCheck, { description: 'Partners and facilitators, between reveal and close; a question may be judged again.' })
  async judgeQuestion(
    @Args('checkId', { type: () => ID }) checkId: string,
    @Args('questionKey') questionKey: string,
    @Args('judgement', { type: () => JudgementEnum }) judgement: Judgement,
    @Ctx() ctx: RequestContext,
  ): Promise<AlignmentCheck> {
    const by = requireMember(ctx);
    const check = await this.view.checkFor(ctx, checkId);
    await this.commands.execute(new JudgeQuestionCommand(by, check, questionKey, judgement));
    return this.view.check(checkId);
  }
}
