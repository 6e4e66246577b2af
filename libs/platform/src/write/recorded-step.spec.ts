import type { RecordedEvent } from '@accord/event-store';
import { StepRecognizer, type StepIds } from './recorded-step';

const step: StepIds = { eventId: (index) => `step-event-${index}` };
const recorded = (id: string, position: number): RecordedEvent => ({
  id,
  type: 'Counted',
  data: { by: position },
  metadata: { actor: 'system', firmId: 'f', occurredAt: '2026-11-24T10:00:00.000Z' },
  stream: 's',
  revision: position - 1,
  position,
  hash: 'h',
  previousHash: null,
});

/** Folds `ids` as a stream (state: the positions so far) through a recognizer. */
function recognise(ids: string[]) {
  const recognizer = new StepRecognizer<string, number[]>(step);
  let state: number[] = [];
  ids.forEach((id, i) => {
    state = [...state, i + 1];
    recognizer.observe(recorded(id, i + 1), `decided ${id}`, state);
  });
  return recognizer.recorded;
}

describe('StepRecognizer', () => {
  it('finds nothing in a stream without the step’s first id', () => {
    expect(recognise(['a', 'b', 'step-event-1'])).toBeUndefined();
  });

  it('finds the step’s events where they start, with the state after the last and its position', () => {
    expect(recognise(['a', 'step-event-0', 'step-event-1', 'b'])).toEqual({
      events: ['decided step-event-0', 'decided step-event-1'],
      state: [1, 2, 3],
      position: 3,
    });
  });

  it('stops at the first event that is not the next of the step', () => {
    expect(recognise(['step-event-0', 'b', 'step-event-1'])).toEqual({ events: ['decided step-event-0'], state: [1], position: 1 });
  });
});
