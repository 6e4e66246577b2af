import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner, mintToken } from '@accord/platform';
import { AddMemberCommand } from './add-member.command';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, { memberId: string; token: string }> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ by, firmId, input }: AddMemberCommand): Promise<{ memberId: string; token: string }> {
    const memberId = randomUUID();
    const { token, tokenHash } = mintToken();
    await this.runner.runFor(by, { decider: firmDecider, stream: firmStream(firmId), firmId }, (meta): FirmCommand => ({
      type: 'AddMember',
      memberId,
      name: input.name,
      role: input.role,
      tokenHash,
      ...meta,
    }));
    return { memberId, token };
  }
}
