import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkDecider, checkStream, type CheckCommand, type CloseBasis } from '@accord/domain';
import { ALIGNED_DEFINITIONS, CommandRunner, type AlignedDefinitionsSource } from '@accord/platform';
import { ChecksQueries } from '../read-model/checks.queries';
import { CloseCheckCommand } from './close-check.command';

@CommandHandler(CloseCheckCommand)
export class CloseCheckHandler implements ICommandHandler<CloseCheckCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly queries: ChecksQueries,
    // Provided by the decisions feature; without it (an app that does not load decisions) no question has an
    // aligned definition, so closing records `{}` and no DEFINITION_DRIFT can follow.
    @Optional() @Inject(ALIGNED_DEFINITIONS) private readonly definitions?: AlignedDefinitionsSource,
  ) {}

  async execute({ by, check }: CloseCheckCommand): Promise<void> {
    // Built on every attempt, so a retry after a conflict compares with what is current then.
    await this.runner.runFor(
      by,
      { decider: checkDecider, stream: checkStream(check.id), firmId: check.firmId },
      async (meta): Promise<CheckCommand> => ({ type: 'CloseCheck', basis: await this.basis(check.firmId), ...meta }),
    );
  }

  /** What the close is compared with: the firm's latest closed check and its current aligned definitions. */
  private async basis(firmId: string): Promise<CloseBasis> {
    const [previous, alignedDefinitions] = await Promise.all([
      this.queries.latestClosedCheck(firmId),
      this.definitions ? this.definitions.currentDefinitions(firmId) : Promise.resolve({}),
    ]);
    return {
      previousCheck: previous ? { checkId: previous.id, score: previous.score!, outOf: previous.outOf! } : null,
      alignedDefinitions,
    };
  }
}
