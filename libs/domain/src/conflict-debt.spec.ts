import { type DebtInput, LAYER_WEIGHTS, conflictDebt } from './conflict-debt';

const RAISED = '2025-01-01T00:00:00.000Z';
const open = (id: string, raisedAt = RAISED, layer: DebtInput['layer'] = 'VISION'): DebtInput => ({
  id,
  layer,
  raisedAt,
  resolvedAt: null,
});

describe('conflict debt', () => {
  describe('the layer weights', () => {
    it('fall from VISION 4 to TECHNOLOGY 1', () => {
      expect(LAYER_WEIGHTS).toEqual({ VISION: 4, PEOPLE: 3, PROCESS: 2, TECHNOLOGY: 1 });
    });
  });

  describe('when there are no disagreements', () => {
    it('is zero with nothing open and nothing paid', () => {
      expect(conflictDebt([], '2025-03-01T00:00:00.000Z')).toEqual({
        asOf: '2025-03-01T00:00:00.000Z',
        total: 0,
        openCount: 0,
        oldestOpenDays: null,
        items: [],
        paid: [],
      });
    });
  });

  describe('when asOf is before the disagreement was raised', () => {
    it('does not count it at all', () => {
      const debt = conflictDebt([open('d1')], '2024-12-31T23:59:59.999Z');
      expect(debt).toMatchObject({ total: 0, openCount: 0, oldestOpenDays: null, items: [], paid: [] });
    });
  });

  describe('when asOf is the instant it was raised', () => {
    it('is open with age 0 and no debt', () => {
      const debt = conflictDebt([open('d1')], RAISED);
      expect(debt).toMatchObject({ total: 0, openCount: 1, oldestOpenDays: 0 });
      expect(debt.items).toEqual([{ id: 'd1', ageDays: 0, weight: 4, debt: 0 }]);
    });
  });

  describe('when a VISION disagreement has been open for ten days', () => {
    it('owes 40', () => {
      const debt = conflictDebt([open('d1')], '2025-01-11T00:00:00.000Z');
      expect(debt.items).toEqual([{ id: 'd1', ageDays: 10, weight: 4, debt: 40 }]);
      expect(debt.total).toBe(40);
    });
  });

  describe('when age is a fraction of a day', () => {
    it('counts fractional days, rounded to 4 decimals', () => {
      const debt = conflictDebt([open('d1', RAISED, 'PROCESS')], '2025-01-01T08:00:00.000Z');
      expect(debt.items).toEqual([{ id: 'd1', ageDays: 0.3333, weight: 2, debt: 0.6666 }]);
      expect(debt.total).toBe(0.6666);
    });
  });

  describe('when each layer has one disagreement open for one day', () => {
    it('weighs them 4, 3, 2, 1 and sums them', () => {
      const debt = conflictDebt(
        [
          open('tech', RAISED, 'TECHNOLOGY'),
          open('people', RAISED, 'PEOPLE'),
          open('vision'),
          open('process', RAISED, 'PROCESS'),
        ],
        '2025-01-02T00:00:00.000Z',
      );
      expect(debt.items.map(({ id, debt: owed }) => [id, owed])).toEqual([
        ['vision', 4],
        ['people', 3],
        ['process', 2],
        ['tech', 1],
      ]);
      expect(debt.total).toBe(10);
      expect(debt.openCount).toBe(4);
    });
  });

  describe('when debts are equal', () => {
    it('orders them by id', () => {
      const debt = conflictDebt([open('b'), open('c'), open('a')], '2025-01-02T00:00:00.000Z');
      expect(debt.items.map((line) => line.id)).toEqual(['a', 'b', 'c']);
    });
  });

  describe('when a disagreement was resolved before asOf', () => {
    const resolved: DebtInput = { ...open('d1'), layer: 'PEOPLE', resolvedAt: '2025-01-06T00:00:00.000Z' };

    it('is paid with its final age and stops counting in the total', () => {
      const stillOpen = open('d2', '2025-01-09T00:00:00.000Z', 'TECHNOLOGY');
      const debt = conflictDebt([resolved, stillOpen], '2025-02-01T00:00:00.000Z');
      expect(debt.paid).toEqual([{ id: 'd1', ageDays: 5, weight: 3, debt: 15 }]);
      expect(debt.items).toEqual([{ id: 'd2', ageDays: 23, weight: 1, debt: 23 }]);
      expect(debt).toMatchObject({ total: 23, openCount: 1, oldestOpenDays: 23 });
    });

    it('is paid when resolved exactly at asOf', () => {
      const debt = conflictDebt([resolved], '2025-01-06T00:00:00.000Z');
      expect(debt.paid).toEqual([{ id: 'd1', ageDays: 5, weight: 3, debt: 15 }]);
      expect(debt.total).toBe(0);
    });
  });

  describe('when a disagreement was resolved after asOf', () => {
    it('is still open as of then, aged up to asOf', () => {
      const resolved: DebtInput = { ...open('d1'), resolvedAt: '2025-01-06T00:00:00.000Z' };
      const debt = conflictDebt([resolved], '2025-01-03T00:00:00.000Z');
      expect(debt.items).toEqual([{ id: 'd1', ageDays: 2, weight: 4, debt: 8 }]);
      expect(debt.paid).toEqual([]);
      expect(debt.total).toBe(8);
    });
  });

  describe('when asOf is in the future', () => {
    it('projects the debt of what is still open then', () => {
      const debt = conflictDebt([open('d1')], '2026-01-01T00:00:00.000Z');
      expect(debt.items).toEqual([{ id: 'd1', ageDays: 365, weight: 4, debt: 1460 }]);
      expect(debt.oldestOpenDays).toBe(365);
    });
  });

  describe('when several are open', () => {
    it('reports the oldest age and sorts by debt, not age', () => {
      const debt = conflictDebt(
        [open('old-tech', '2024-12-01T00:00:00.000Z', 'TECHNOLOGY'), open('new-vision', '2024-12-22T00:00:00.000Z')],
        RAISED,
      );
      expect(debt.oldestOpenDays).toBe(31);
      expect(debt.items.map((line) => [line.id, line.debt])).toEqual([
        ['new-vision', 40],
        ['old-tech', 31],
      ]);
      expect(debt.total).toBe(71);
    });
  });

  describe('when paid disagreements differ in debt', () => {
    it('sorts them by debt, highest first', () => {
      const debt = conflictDebt(
        [
          { ...open('small'), resolvedAt: '2025-01-02T00:00:00.000Z' },
          { ...open('large'), resolvedAt: '2025-01-05T00:00:00.000Z' },
        ],
        '2025-02-01T00:00:00.000Z',
      );
      expect(debt.paid.map((line) => line.id)).toEqual(['large', 'small']);
    });
  });

  describe('when dates are written in another form', () => {
    it('normalizes asOf to an ISO instant', () => {
      expect(conflictDebt([], '2025-03-01T01:00:00+01:00').asOf).toBe('2025-03-01T00:00:00.000Z');
    });

    it('refuses a date it cannot read', () => {
      expect(() => conflictDebt([], 'next tuesday')).toThrow(RangeError);
      expect(() => conflictDebt([{ ...open('d1'), raisedAt: 'soon' }], RAISED)).toThrow(/raisedAt of d1/);
    });
  });

  describe('when resolvedAt precedes raisedAt (clock skew)', () => {
    it('pays zero rather than a negative debt', () => {
      const skewed: DebtInput = { ...open('d1'), resolvedAt: '2024-12-31T00:00:00.000Z' };
      const debt = conflictDebt([skewed], '2025-02-01T00:00:00.000Z');
      expect(debt.paid).toEqual([{ id: 'd1', ageDays: 0, weight: 4, debt: 0 }]);
    });
  });
});
