import { Command } from '@nestjs/cqrs';
import type { FirmKind } from '@accord/domain';

export interface FirmCreated {
  firmId: string;
  memberId: string;
  /** Shown once, never stored. */
  token: string;
}

export class CreateFirmCommand extends Command<FirmCreated> {
  constructor(readonly input: { name: string; kind: FirmKind; founderName: string }) {
    super();
  }
}
