import { Command } from '@nestjs/cqrs';
import type { Layer, Position } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

/** Raise a disagreement by hand; returns its id. */
export class RaiseDisagreementCommand extends Command<string> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly input: { topic: string; layer: Layer; positions: Position[] },
  ) {
    super();
  }
}
