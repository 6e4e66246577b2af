import type { ExpectedRevision } from './types';

/** The stream was not at the expected revision. `actual` is -1 when the stream does not exist. */
export class ExpectedVersionConflictError extends Error {
  override readonly name = 'ExpectedVersionConflictError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual === -1 ? 'no stream' : actual}`);
  }
}

/** Some, not all, of a batch's event ids are already recorded, or recorded elsewhere. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly stream: string,
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super(`stream ${stream}: ${reason} (${eventIds.join(', ')})`);
  }
}

/** The batch itself is malformed: empty, an id repeated, a missing field. Nothing was written. */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

/** A setting the server cannot start with. `variable` names the environment variable to fix. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Configuration the event store cannot work with. */
export class EventStoreConfigError extends ConfigError {
  override readonly name = 'EventStoreConfigError';
}

/** The store's connection stayed busy longer than a caller may wait; `holder` says with what. */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
  constructor(
    readonly holder: string,
    readonly waitedMs: number,
  ) {
    super(`the store's connection has been busy for ${waitedMs} ms with ${holder}`);
  }
}
