import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, notFound, SHARED_VAGUE_WORDS, type CheckCommand, type FirmContext } from '@accord/domain';
import { FirmsQueries } from '@accord/firms';
import { CommandRunner } from '@accord/platform';
import { OpenCheckCommand } from './open-check.command';

@CommandHandler(OpenCheckCommand)
export class OpenCheckHandler implements ICommandHandler<OpenCheckCommand, string> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly firms: FirmsQueries,
  ) {}

  async execute({ by, firmId, input }: OpenCheckCommand): Promise<string> {
    const checkId = this.runner.newId('check');
    const firm = await firmContext(this.firms, firmId);
    await this.runner.runFor(by, { decider: checkDecider, stream: checkStream(checkId), firmId }, (meta): CheckCommand => ({
      type: 'OpenCheck',
      checkId,
      firm,
      ...input,
      ...meta,
    }));
    return checkId;
  }
}

/** The firm as the check aggregate sees it: question set, active members with roles, all vague words. */
export async function firmContext(firms: FirmsQueries, firmId: string): Promise<FirmContext> {
  const [firm, members] = await Promise.all([firms.firm(firmId), firms.members(firmId)]);
  if (!firm) throw notFound('firm', firmId);
  return {
    firmId,
    questions: firm.questions,
    members: members.map(({ id, role }) => ({ memberId: id, role })),
    vagueWords: [...SHARED_VAGUE_WORDS, ...firm.vagueWords],
  };
}
