import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner, lostTokenReply, mintToken } from '@accord/platform';
import { AddMemberCommand } from './add-member.command';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, { memberId: string; token: string }> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, input }: AddMemberCommand): Promise<{ memberId: string; token: string }> {
    const memberId = this.runner.newId('member');
    const { token, tokenHash } = mintToken();
    const executed = await this.runner.runFor(by, { decider: firmDecider, stream: firmStream(firmId), firmId }, (meta): FirmCommand => ({
      type: 'AddMember',
      memberId,
      name: input.name,
      role: input.role,
      tokenHash,
      ...meta,
    }));
    if (executed.alreadyRecorded) {
      throw lostTokenReply('added the member', 'remove the member and add them again with a new Idempotency-Key', { firmId, memberId });
    }
    return { memberId, token };
  }
}
