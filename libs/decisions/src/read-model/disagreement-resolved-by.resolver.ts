import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Disagreement } from '@accord/disagreements';
import { Decision } from './decision.model';
import { DecisionsView } from './decisions.view';

/** `Disagreement.resolvedBy` lives here: decisions know disagreements, not the other way round. */
@Resolver(() => Disagreement)
export class DisagreementResolvedByResolver {
  constructor(private readonly view: DecisionsView) {}

  @ResolveField(() => Decision, { nullable: true, description: 'The locked decision that resolved it.' })
  resolvedBy(@Parent() disagreement: Disagreement): Promise<Decision | null> {
    return this.view.maybeDecision(disagreement.resolvedByDecisionId);
  }
}
