/** A projection did not reach a position in time: read-your-writes could not be honoured. */
export class ProjectionLagError extends Error {
  override readonly name = 'ProjectionLagError';
  constructor(
    readonly position: number,
    readonly lagging: readonly string[],
  ) {
    super(`projections not at position ${position} in time: ${lagging.join('; ')}`);
  }
}

/** Thrown inside a batch to say which event's handler failed. */
export class ProjectionHandlerError extends Error {
  override readonly name = 'ProjectionHandlerError';
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly eventType: string,
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`projection ${projection} failed at position ${position} (${eventType}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Writes a read store deferred (see `TransactionOptions.deferWrites`) failed when they were sent:
 * which event's statement failed is not known, so the batch is done again with plain statements.
 */
export class DeferredWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`deferred read-model writes failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DeferredWriteError';
  }
}
