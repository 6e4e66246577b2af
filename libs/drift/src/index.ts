export * from './drift.module';
export * from './read-model/drift.projection';
export * from './read-model/drift.queries';
export * from './read-model/drift-event.model';
export * from './process/drift-on-close.process';
export * from './overdue/overdue-scanner';
export * from './overdue/overdue-schedule';
