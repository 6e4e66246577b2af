import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, requireMember, type RequestContext } from '@accord/platform';
import { AlignmentCheck } from '../read-model/alignment-check.model';
import { ChecksView } from '../read-model/checks.view';
import { RevealCheckCommand } from './reveal-check.command';

@Resolver()
export class RevealCheckResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly view: ChecksView,
  ) {}

  @Mutation(() => AlignmentCheck, { description: 'Partners and facilitators: unseal the answers now (it happens by itself once every answer is in).' })
  async revealCheck(@Args('checkId', { type: () => ID }) checkId: string, @Ctx() ctx: RequestContext): Promise<AlignmentCheck> {
    const by = requireMember(ctx);
    const check = await this.view.checkFor(ctx, checkId);
    await this.commands.execute(new RevealCheckCommand(by, check));
    return this.view.check(checkId);
  }
}
