import { Global, Module } from '@nestjs/common';
import { DeferDisagreementHandler } from './defer-disagreement/defer-disagreement.handler';
import { DeferDisagreementResolver } from './defer-disagreement/defer-disagreement.resolver';
import { RaiseDisagreementHandler } from './raise-disagreement/raise-disagreement.handler';
import { RaiseDisagreementResolver } from './raise-disagreement/raise-disagreement.resolver';
import { DisagreementsQueries } from './read-model/disagreements.queries';
import { DisagreementsResolver } from './read-model/disagreements.resolver';
import { DisagreementsView } from './read-model/disagreements.view';

/** Disagreements: raised by hand or by a closed check, deferred, resolved by decisions; conflict debt. */
@Global()
@Module({
  providers: [
    DisagreementsQueries,
    DisagreementsView,
    DisagreementsResolver,
    RaiseDisagreementHandler,
    RaiseDisagreementResolver,
    DeferDisagreementHandler,
    DeferDisagreementResolver,
  ],
  exports: [DisagreementsQueries, DisagreementsView],
})
export class DisagreementsModule {}
