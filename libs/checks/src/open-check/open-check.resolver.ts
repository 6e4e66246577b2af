import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, requireFirmRole, type RequestContext } from '@accord/platform';
import { AlignmentCheck } from '../read-model/alignment-check.model';
import { ChecksView } from '../read-model/checks.view';
import { OpenCheckCommand } from './open-check.command';
import { OpenCheckInput } from './open-check.input';

@Resolver()
export class OpenCheckResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: ChecksView,
  ) {}

  @Mutation(() => AlignmentCheck, { description: 'Partners and facilitators. Default: the firm’s question set, every active partner.' })
  async openCheck(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('input', { type: () => OpenCheckInput, nullable: true }) input: OpenCheckInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AlignmentCheck> {
    const by = requireFirmRole(ctx, firmId, ['PARTNER', 'FACILITATOR']);
    const checkId = await this.commands.execute(
      new OpenCheckCommand(by, firmId, {
        questions: input?.questions?.map(({ key, prompt }) => ({ key, prompt })),
        participantIds: input?.participantIds ?? undefined,
      }),
    );
    return this.view.check(checkId);
  }
}
