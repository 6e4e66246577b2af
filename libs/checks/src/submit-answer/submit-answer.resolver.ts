import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { FirmsView } from '@accord/firms';
import { Ctx, requireMember, type RequestContext } from '@accord/platform';
import { Answer } from '../read-model/answer.model';
import { ChecksView } from '../read-model/checks.view';
import { SubmitAnswerCommand } from './submit-answer.command';

@Resolver()
export class SubmitAnswerResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly checks: ChecksView,
    private readonly firms: FirmsView,
  ) {}

  @Mutation(() => Answer, {
    description:
      "The caller's own answer (participants only), sealed until the reveal; revisable until then. VAGUE_ANSWER when it is only abstract words; `vagueTerms` warns of some.",
  })
  async submitAnswer(
    @Args('checkId', { type: () => ID }) checkId: string,
    @Args('questionKey') questionKey: string,
    @Args('text') text: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    const by = requireMember(ctx);
    const check = await this.checks.checkFor(ctx, checkId);
    const answer = await this.commands.execute(new SubmitAnswerCommand(by, check, questionKey, text));
    return { questionKey: answer.questionKey, member: await this.firms.member(answer.memberId), text: answer.text, vagueTerms: answer.vagueTerms };
  }
}
