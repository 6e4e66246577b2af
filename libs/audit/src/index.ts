export * from './audit.module';
export * from './redaction';
export * from './read-model/audit.projection';
export * from './read-model/audit.queries';
export * from './read-model/audit.models';
export * from './read-model/audited-event-types';
export * from './integrity/integrity-verifier';
export * from './export';
