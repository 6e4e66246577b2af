import { Module } from '@nestjs/common';
import { OverdueScanner } from './overdue/overdue-scanner';
import { OverdueSchedule } from './overdue/overdue-schedule';
import { DriftQueries } from './read-model/drift.queries';
import { DriftResolver } from './read-model/drift.resolver';

/** Drift: recorded when a check closes or a check is missed; listed and pushed live to dashboards. */
@Module({
  providers: [DriftQueries, DriftResolver, OverdueScanner, OverdueSchedule],
  exports: [DriftQueries, OverdueScanner],
})
export class DriftModule {}
