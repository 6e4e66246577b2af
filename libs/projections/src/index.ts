export * from './types';
export * from './checkpoints';
export * from './projection-errors';
export * from './projection-worker';
export * from './projection-runner';
export * from './sqlite-read-store';
