import { type Decider, type DomainEvent, replay } from '../shared/decider';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';

/** What a given/when/then spec can assert about one decision. */
export interface Then<Event> {
  /** The command is accepted and decides exactly these events (which must also evolve cleanly). */
  then(expected: Event[]): void;
  /** The command is refused with this code, a message matching `messageMatch` and details containing `details`. */
  thenThrows(code: DomainErrorCode, messageMatch?: string | RegExp, details?: Record<string, unknown>): void;
}

/** Emmett-style spec: `given(decider, [events]).when(command).then([events])`. */
export function given<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[] = [],
) {
  return {
    when(command: Command): Then<Event> {
      const decide = () => decider.decide(command, replay(decider, events));
      return {
        then(expected) {
          const actual = decide();
          expect(actual).toEqual(expected);
          // What is decided must also be foldable, or the stream could not be replayed.
          replay(decider, [...events, ...actual]);
        },
        thenThrows(code, messageMatch, details) {
          let thrown: unknown;
          try {
            const decided = decide();
            thrown = new Error(`expected ${code}, but it decided ${JSON.stringify(decided)}`);
          } catch (error) {
            thrown = error;
          }
          if (!(thrown instanceof DomainError)) throw thrown;
          expect({ code: thrown.code, message: thrown.message, details: thrown.details }).toEqual({
            code,
            message: messageMatch === undefined ? expect.any(String) : expect.stringMatching(messageMatch),
            details: details === undefined ? expect.anything() : expect.objectContaining(details),
          });
        },
      };
    },
  };
}
