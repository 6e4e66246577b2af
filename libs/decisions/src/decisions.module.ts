import { Global, Module } from '@nestjs/common';
import { ALIGNED_DEFINITIONS } from '@accord/platform';
import { EndorseDecisionHandler } from './endorse-decision/endorse-decision.handler';
import { EndorseDecisionResolver } from './endorse-decision/endorse-decision.resolver';
import { ProposeDecisionHandler } from './propose-decision/propose-decision.handler';
import { ProposeDecisionResolver } from './propose-decision/propose-decision.resolver';
import { AlignedDefinitionsResolver } from './read-model/aligned-definitions.resolver';
import { DecisionResolver } from './read-model/decision.resolver';
import { DecisionWhyResolver } from './read-model/decision-why.resolver';
import { DecisionsQueries } from './read-model/decisions.queries';
import { DecisionsView } from './read-model/decisions.view';
import { DisagreementResolvedByResolver } from './read-model/disagreement-resolved-by.resolver';

/** Decisions: proposed, endorsed, locked, superseded; aligned definitions; "why was this decided?". */
@Global()
@Module({
  providers: [
    DecisionsQueries,
    DecisionsView,
    { provide: ALIGNED_DEFINITIONS, useExisting: DecisionsQueries },
    DecisionResolver,
    DecisionWhyResolver,
    DisagreementResolvedByResolver,
    AlignedDefinitionsResolver,
    ProposeDecisionHandler,
    ProposeDecisionResolver,
    EndorseDecisionHandler,
    EndorseDecisionResolver,
  ],
  exports: [DecisionsQueries, DecisionsView, ALIGNED_DEFINITIONS],
})
export class DecisionsModule {}
