import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { firmDecider, firmStream, type FirmCommand } from '@accord/domain';
import { CommandRunner, lostTokenReply, mintToken } from '@accord/platform';
import { CreateFirmCommand, type FirmCreated } from './create-firm.command';

@CommandHandler(CreateFirmCommand)
export class CreateFirmHandler implements ICommandHandler<CreateFirmCommand, FirmCreated> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ input }: CreateFirmCommand): Promise<FirmCreated> {
    const firmId = this.runner.newId('firm');
    const memberId = this.runner.newId('member');
    const { token, tokenHash } = mintToken();
    const now = this.runner.clock.now();
    const executed = await this.runner.run({
      decider: firmDecider,
      stream: firmStream(firmId),
      firmId,
      actor: { kind: 'member', memberId, role: 'PARTNER' },
      now,
      command: (): FirmCommand => ({
        type: 'FoundFirm',
        firmId,
        name: input.name,
        kind: input.kind,
        founder: { memberId, name: input.founderName, tokenHash },
        actor: { kind: 'member', memberId, role: 'PARTNER' },
        now,
      }),
    });
    if (executed.alreadyRecorded) throw lostTokenReply('founded the firm', 'found it again with a new Idempotency-Key', { firmId });
    return { firmId, memberId, token };
  }
}
