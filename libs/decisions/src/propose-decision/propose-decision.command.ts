import { Command } from '@nestjs/cqrs';
import type { Layer } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

export interface Proposal {
  title: string;
  outcome: string;
  chosenAnswer: string;
  alternatives: string[];
  rationale: string;
  layer: Layer;
  questionKey: string | null;
  resolves: string[];
  supersedes: string | null;
}

/** A partner proposes a decision; returns its id. */
export class ProposeDecisionCommand extends Command<string> {
  constructor(
    readonly by: AuthenticatedMember,
    readonly firmId: string,
    readonly proposal: Proposal,
  ) {
    super();
  }
}
