import {
  checkpointOfPosition, decodeEsdbCheckpoint, encodeEsdbCheckpoint, isAfter, positionOf, positionOfCheckpoint, readStartAfter,
} from './esdb-position';

describe('EventStoreDB positions and checkpoints', () => {
  it('encodes a checkpoint as C:<commit>/P:<prepare> and decodes it back, beyond 2^53 too', () => {
    const checkpoint = { commit: 2n ** 62n + 7n, prepare: 2n ** 62n + 3n };
    expect(encodeEsdbCheckpoint(checkpoint)).toBe('C:4611686018427387911/P:4611686018427387907');
    expect(decodeEsdbCheckpoint(encodeEsdbCheckpoint(checkpoint))).toEqual(checkpoint);
  });

  it.each(['', 'C:1', 'C:-1/P:2', 'C:1/P:2x', '1/2', 'C:1 /P:2'])('refuses "%s" as a checkpoint', (text) => {
    expect(() => decodeEsdbCheckpoint(text)).toThrow('not an EventStoreDB checkpoint');
  });

  it("takes an event's commit position as its numeric position", () => {
    expect(positionOf({ commit: 1234n, prepare: 1234n })).toBe(1234);
    // Older servers report the offset of the append's first record as prepare: the commit decides.
    expect(positionOf({ commit: 1500n, prepare: 1234n })).toBe(1500);
  });

  it('refuses a position the server did not report, and one a number cannot hold exactly', () => {
    expect(() => positionOf(undefined)).toThrow('22.6 or later');
    expect(() => positionOf({ commit: 0n, prepare: 0n })).toThrow('22.6 or later');
    expect(() => positionOf({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toThrow('22.6 or later');
    expect(() => positionOf({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow('exceeds 2^53');
  });

  it('turns a numeric position into the checkpoint that addresses the same event, and back', () => {
    expect(checkpointOfPosition(987)).toEqual({ commit: 987n, prepare: 987n });
    expect(positionOfCheckpoint(checkpointOfPosition(987))).toBe(987);
    expect(positionOfCheckpoint({ commit: 0n, prepare: 0n })).toBe(0);
    expect(() => checkpointOfPosition(-1)).toThrow('invalid position');
    expect(() => checkpointOfPosition(1.5)).toThrow('invalid position');
  });

  it('starts a read of $all at the start for position 0, else at the checkpoint itself', () => {
    expect(readStartAfter(undefined)).toBe('start');
    expect(readStartAfter({ commit: 0n, prepare: 0n })).toBe('start');
    expect(readStartAfter({ commit: 10n, prepare: 10n })).toEqual({ commit: 10n, prepare: 10n });
  });

  describe('what counts as after a checkpoint (reads include their start, so the event at it is dropped)', () => {
    it('compares commit first, then prepare', () => {
      const at = { commit: 100n, prepare: 100n };
      expect(isAfter({ commit: 100n, prepare: 100n }, at)).toBe(false);
      expect(isAfter({ commit: 99n, prepare: 99n }, at)).toBe(false);
      expect(isAfter({ commit: 160n, prepare: 160n }, at)).toBe(true);
      expect(isAfter({ commit: 100n, prepare: 120n }, at)).toBe(true);
    });

    it('agrees for the pairs older servers report (prepare = the append\'s first record)', () => {
      // One append of three events at offsets 100, 160, 220, reported as (commit, 100).
      const reported = [100n, 160n, 220n].map((commit) => ({ commit, prepare: 100n }));
      expect(reported.map((p) => isAfter(p, checkpointOfPosition(160)))).toEqual([false, false, true]);
      expect(reported.map((p) => isAfter(p, reported[1]))).toEqual([false, false, true]);
    });
  });
});
