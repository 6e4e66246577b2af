import { debtHistoryQuery, debtHistoryVariables, debtInstants, debtSamples, MAX_SAMPLES } from './debt-history';

describe('debt history', () => {
  describe('debtInstants', () => {
    it('spaces the instants evenly from the founding to now, both included', () => {
      expect(debtInstants('2026-01-01T00:00:00.000Z', '2026-01-05T00:00:00.000Z', 5)).toEqual([
        '2026-01-01T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z',
        '2026-01-03T00:00:00.000Z',
        '2026-01-04T00:00:00.000Z',
        '2026-01-05T00:00:00.000Z',
      ]);
    });

    it('takes sixteen by default and never more, ending exactly at now', () => {
      const instants = debtInstants('2026-01-01T00:00:00.000Z', '2026-03-07T13:01:02.003Z');
      expect(instants).toHaveLength(MAX_SAMPLES);
      expect(debtInstants('2026-01-01T00:00:00.000Z', '2026-03-07T13:01:02.003Z', 40)).toHaveLength(16);
      expect(instants[0]).toBe('2026-01-01T00:00:00.000Z');
      expect(instants[15]).toBe('2026-03-07T13:01:02.003Z');
      const gaps = instants.slice(1).map((instant, index) => Date.parse(instant) - Date.parse(instants[index]));
      expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    });

    it('gives now alone when the firm was founded this instant or the clocks disagree', () => {
      expect(debtInstants('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toEqual(['2026-01-01T00:00:00.000Z']);
      expect(debtInstants('2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toEqual(['2026-01-01T00:00:00.000Z']);
      expect(debtInstants('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 0)).toEqual(['2026-01-02T00:00:00.000Z']);
    });

    it('refuses what is not a date', () => {
      expect(() => debtInstants('soon', '2026-01-01T00:00:00.000Z')).toThrow('not a date: soon');
    });
  });

  it('asks for every instant in one query with one alias each', () => {
    const query = debtHistoryQuery(2);
    expect(query).toBe(
      'query DebtHistory($firmId: ID!, $t0: DateTime!, $t1: DateTime!) { d0: conflictDebt(firmId: $firmId, asOf: $t0) { asOf total openCount } d1: conflictDebt(firmId: $firmId, asOf: $t1) { asOf total openCount } }',
    );
    expect(debtHistoryQuery(16).match(/conflictDebt/g)).toHaveLength(16);
    expect(debtHistoryVariables('f1', ['a', 'b'])).toEqual({ firmId: 'f1', t0: 'a', t1: 'b' });
  });

  it('reads the aliased answer back in time order', () => {
    const sample = (asOf: string, total: number) => ({ asOf, total, openCount: 1 });
    expect(debtSamples({ d1: sample('b', 2), d0: sample('a', 1) }, 2)).toEqual([sample('a', 1), sample('b', 2)]);
    expect(debtSamples(undefined, 2)).toEqual([]);
  });
});
