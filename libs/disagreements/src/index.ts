export * from './disagreements.module';
export * from './read-model/disagreements.projection';
export * from './read-model/disagreements.queries';
export * from './read-model/disagreements.view';
export * from './read-model/disagreement.model';
export * from './read-model/conflict-debt.model';
export * from './raise-disagreement/raise-disagreement.resolver';
export * from './process/raise-on-close.process';
