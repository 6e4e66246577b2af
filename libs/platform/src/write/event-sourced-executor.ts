import {
  EventIdConflictError,
  ExpectedVersionConflictError,
  NO_STREAM,
  newEventId,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '@accord/event-store';
import { DomainError, actorId, type Actor, type Decider, type DomainEvent } from '@accord/domain';

/** How many times a command is decided again after a concurrent writer moved its stream. */
export const MAX_ATTEMPTS = 5;

export interface Execution<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  stream: string;
  firmId: string;
  actor: Actor;
  now: string;
  /** Builds the command against the stream's current state; called again on every retry. */
  command: (state: S) => C | Promise<C>;
  /** Ids of the decided events: fresh UUIDv7 by default; process managers derive them from the cause. */
  eventId?: (event: E, index: number) => string;
  correlationId?: string;
  causationId?: string;
}

export interface Executed<E extends DomainEvent, S> {
  /** The events decided and recorded (empty when the command changed nothing). */
  events: E[];
  /** State after the events. */
  state: S;
  /** Global position of the last event written; null when nothing was written. */
  position: number | null;
}

/** Loads a stream's state by folding its events. */
export async function loadState<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  stream: string,
): Promise<{ state: S; revision: ExpectedRevision }> {
  let state = decider.initialState();
  let revision = -1;
  for await (const event of store.readStream(stream)) {
    state = decider.evolve(state, { type: event.type, data: event.data } as E);
    revision = event.revision;
  }
  return { state, revision: revision < 0 ? NO_STREAM : revision };
}

/**
 * Load, decide, append with the expected revision. A version conflict means someone else wrote the
 * stream in between: decide again on the new state, at most {@link MAX_ATTEMPTS} times, then CONFLICT.
 */
export async function execute<C, E extends DomainEvent, S>(store: EventStore, run: Execution<C, E, S>): Promise<Executed<E, S>> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await loadState(store, run.decider, run.stream);
    const events = run.decider.decide(await run.command(state), state);
    if (events.length === 0) return { events, state, position: null };
    const recorded: NewEvent[] = events.map((event, index) => ({
      id: run.eventId ? run.eventId(event, index) : newEventId(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: actorId(run.actor),
        firmId: run.firmId,
        occurredAt: run.now,
        ...(run.correlationId ? { correlationId: run.correlationId } : {}),
        ...(run.causationId ? { causationId: run.causationId } : {}),
      },
    }));
    try {
      const result = await store.append(run.stream, recorded, { expectedRevision: revision });
      return { events, state: events.reduce(run.decider.evolve, state), position: result.position };
    } catch (error) {
      if (error instanceof ExpectedVersionConflictError && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof ExpectedVersionConflictError) {
        throw new DomainError('CONFLICT', `${run.stream} kept changing while this was decided (${MAX_ATTEMPTS} attempts); try again`);
      }
      if (error instanceof EventIdConflictError && run.eventId) {
        // A reaction whose deterministic ids are already recorded: it has happened before.
        return { events: [], state, position: null };
      }
      throw error;
    }
  }
}
