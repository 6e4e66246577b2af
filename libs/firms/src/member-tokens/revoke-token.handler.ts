import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner } from '@accord/platform';
import { RevokeTokenCommand } from './revoke-token.command';

@CommandHandler(RevokeTokenCommand)
export class RevokeTokenHandler implements ICommandHandler<RevokeTokenCommand, void> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, memberId }: RevokeTokenCommand): Promise<void> {
    const firmId = by.firmId;
    await this.runner.runFor(by, { decider: firmDecider, stream: firmStream(firmId), firmId }, (meta): FirmCommand => ({
      type: 'RevokeMemberToken',
      memberId,
      ...meta,
    }));
  }
}
