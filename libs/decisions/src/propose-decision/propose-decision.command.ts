import { Command } from '@nestjs/cqrs';
import type { ProposeDecision } from '@accord/domain';
import type { AuthenticatedMember } from '@accord/platform';

/** What the partner proposes: the domain command's own fields. */
export type Proposal = Pick<
  ProposeDecision,
  'title' | 'outcome' | 'chosenAnswer' | 'alternatives' | 'rationale' | 'layer' | 'questionKey' | 'resolves' | 'supersedes'
>;

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
