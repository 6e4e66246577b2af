import type { RecordedEvent } from '@accord/event-store';

/** The ids one command of a request with an Idempotency-Key gives its events: the same on every attempt. */
export interface StepIds {
  eventId(index: number): string;
}

/** What an earlier attempt recorded for a step: its events, the stream's state after them, the position of the last. */
export interface RecordedStep<E, S> {
  events: E[];
  state: S;
  position: number;
}

/**
 * Finds, while a stream is folded, the events an earlier attempt recorded for a step: they sit at
 * consecutive revisions, the first with `eventId(0)`, the next with `eventId(1)`, and so on.
 */
export class StepRecognizer<E, S> {
  private step: RecordedStep<E, S> | undefined;
  private expected: string;
  private finished = false;

  constructor(private readonly ids: StepIds) {
    this.expected = ids.eventId(0);
  }

  /** The step's events once seen; undefined while none is. */
  get recorded(): RecordedStep<E, S> | undefined {
    return this.step;
  }

  /** Called for each event in stream order, with the event as the decider knows it and the state after it. */
  observe(event: RecordedEvent, decided: E, stateAfter: S): void {
    if (this.finished) return;
    if (event.id !== this.expected) {
      if (this.step) this.finished = true;
      return;
    }
    this.step ??= { events: [], state: stateAfter, position: event.position };
    this.step.events.push(decided);
    this.step.state = stateAfter;
    this.step.position = event.position;
    this.expected = this.ids.eventId(this.step.events.length);
  }
}
