import { EventIdConflictError } from '../errors';
import { events } from '../testing/fixtures';
import { prepareAppend } from '../validate-append';
import { clientExpectation, replayOf, type StreamState } from './esdb-append-rules';

/** A stream whose revisions 0..n-1 hold `ids`, at positions 1000, 1100, … */
function stateOf(ids: string[]): StreamState {
  return {
    tip: ids.length > 0 ? { revision: ids.length - 1, hash: 'f'.repeat(64) } : undefined,
    recorded: new Map(ids.map((id, revision) => [id, { revision, position: 1000 + 100 * revision }])),
  };
}

describe('EventStoreDB append rules', () => {
  it('asks the client to check the tip it read: no stream, or its revision', () => {
    expect(clientExpectation(undefined)).toBe('no_stream');
    expect(clientExpectation({ revision: 4, hash: 'a'.repeat(64) })).toBe(4n);
  });

  describe('a batch whose ids are already in the stream', () => {
    const earlier = prepareAppend('s', events(2), 'no_stream');
    const batch = prepareAppend('s', events(3), 1);
    const state = stateOf([...earlier, ...batch].map((e) => e.id));

    it('is acknowledged without writing when it sits where the expected revision puts it', () => {
      const ack = { nextExpectedRevision: 4, position: 1400, written: false };
      expect(replayOf('s', batch, 1, state)).toEqual(ack);
      expect(replayOf('s', batch, 'any', state)).toEqual(ack);
      expect(replayOf('s', batch, 'stream_exists', state)).toEqual(ack);
      expect(replayOf('s', earlier, 'no_stream', state)).toEqual({ nextExpectedRevision: 1, position: 1100, written: false });
    });

    it('is refused when it sits elsewhere in the stream', () => {
      expect(() => replayOf('s', batch, 0, state)).toThrow(EventIdConflictError);
      expect(() => replayOf('s', batch, 'no_stream', state)).toThrow('already recorded at another place');
    });

    it('is refused, naming the recorded ids, when only part of it is there', () => {
      const overlapping = [batch[2], ...prepareAppend('s', events(2), 1)];
      const error = (() => {
        try {
          replayOf('s', overlapping, 1, state);
        } catch (e) {
          return e as EventIdConflictError;
        }
      })();
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect(error!.eventIds).toEqual([batch[2].id]);
    });

    it('lets a batch of new ids through to the revision check', () => {
      expect(replayOf('s', prepareAppend('s', events(2), 4), 4, state)).toBeUndefined();
      expect(replayOf('s', prepareAppend('s', events(1), 'no_stream'), 'no_stream', stateOf([]))).toBeUndefined();
    });
  });
});
