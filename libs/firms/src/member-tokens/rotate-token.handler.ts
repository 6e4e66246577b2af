import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner, lostTokenReply, mintToken } from '@accord/platform';
import { RotateTokenCommand } from './rotate-token.command';

@CommandHandler(RotateTokenCommand)
export class RotateTokenHandler implements ICommandHandler<RotateTokenCommand, { token: string }> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, memberId }: RotateTokenCommand): Promise<{ token: string }> {
    const { token, tokenHash } = mintToken();
    const firmId = by.firmId;
    const executed = await this.runner.runFor(by, { decider: firmDecider, stream: firmStream(firmId), firmId }, (meta): FirmCommand => ({
      type: 'RotateMemberToken',
      memberId,
      tokenHash,
      ...meta,
    }));
    if (executed.alreadyRecorded) {
      throw lostTokenReply('rotated the token', 'a partner can rotate it again with a new Idempotency-Key', { firmId, memberId });
    }
    return { token };
  }
}
