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
import { StepRecognizer, type RecordedStep, type StepIds } from './recorded-step';

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
  /**
   * Set for a command of a request with an Idempotency-Key (CommandRunner does it): its events get these
   * ids, and when the stream already holds them an earlier attempt applied the command, so it is not
   * decided again and the result is what that attempt recorded.
   */
  step?: StepIds;
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
  /** Set when an earlier attempt of the same request had recorded these events: nothing was written now. */
  alreadyRecorded?: true;
}

export interface LoadedState<E, S> {
  state: S;
  revision: ExpectedRevision;
  /** The events of `step`, when the stream holds them. */
  recorded?: RecordedStep<E, S>;
}

/** Loads a stream's state by folding its events, looking out for the events of `step` on the way. */
export async function loadState<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  stream: string,
  step?: StepIds,
): Promise<LoadedState<E, S>> {
  let state = decider.initialState();
  let revision = -1;
  const recognizer = step && new StepRecognizer<E, S>(step);
  for await (const event of store.readStream(stream)) {
    const decided = { type: event.type, data: event.data } as E;
    state = decider.evolve(state, decided);
    revision = event.revision;
    recognizer?.observe(event, decided, state);
  }
  const recorded = recognizer?.recorded;
  return { state, revision: revision < 0 ? NO_STREAM : revision, ...(recorded ? { recorded } : {}) };
}

/**
 * Load, decide, append with the expected revision. A version conflict means someone else wrote the
 * stream in between: decide again on the new state, at most {@link MAX_ATTEMPTS} times, then CONFLICT.
 */
export async function execute<C, E extends DomainEvent, S>(store: EventStore, run: Execution<C, E, S>): Promise<Executed<E, S>> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision, recorded } = await loadState(store, run.decider, run.stream, run.step);
    if (recorded) return { ...recorded, alreadyRecorded: true };
    const events = run.decider.decide(await run.command(state), state);
    if (events.length === 0) return { events, state, position: null };
    const toRecord: NewEvent[] = events.map((event, index) => ({
      id: run.step ? run.step.eventId(index) : run.eventId ? run.eventId(event, index) : newEventId(),
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
      const result = await store.append(run.stream, toRecord, { expectedRevision: revision });
      const executed = { events, state: events.reduce(run.decider.evolve, state), position: result.position };
      return run.step && !result.written ? { ...executed, alreadyRecorded: true } : executed;
    } catch (error) {
      if (error instanceof ExpectedVersionConflictError && attempt < MAX_ATTEMPTS) continue;
      // Another attempt of the same request recorded the step meanwhile: the next load recognises it.
      if (error instanceof EventIdConflictError && run.step && attempt < MAX_ATTEMPTS) continue;
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
