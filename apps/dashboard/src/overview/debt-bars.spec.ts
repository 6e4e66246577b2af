import { barPercent, debtBars, type DebtItem } from './debt-bars';

const item = (id: string, layer: DebtItem['disagreement']['layer'], ageDays: number, raisedAt = '2026-01-01T00:00:00.000Z'): DebtItem => ({
  disagreement: { id, topic: `topic ${id}`, layer, status: 'OPEN', raisedAt },
  ageDays,
  weight: 1,
  debt: ageDays,
});

describe('debtBars', () => {
  it('groups by layer from VISION down to TECHNOLOGY, oldest first, leaving empty layers out', () => {
    const groups = debtBars([item('t', 'TECHNOLOGY', 9), item('p1', 'PEOPLE', 1), item('v', 'VISION', 2), item('p2', 'PEOPLE', 5)]);
    expect(groups.map((group) => [group.layer, group.items.map((line) => line.disagreement.id)])).toEqual([
      ['VISION', ['v']],
      ['PEOPLE', ['p2', 'p1']],
      ['TECHNOLOGY', ['t']],
    ]);
  });

  it('orders equal ages by when they were raised, then by id, and leaves the input alone', () => {
    const input = [item('b', 'PROCESS', 3, '2026-01-02T00:00:00.000Z'), item('c', 'PROCESS', 3, '2026-01-01T00:00:00.000Z'), item('a', 'PROCESS', 3, '2026-01-02T00:00:00.000Z')];
    expect(debtBars(input)[0].items.map((line) => line.disagreement.id)).toEqual(['c', 'a', 'b']);
    expect(input.map((line) => line.disagreement.id)).toEqual(['b', 'c', 'a']);
  });

  it('gives nothing for no open disagreement', () => {
    expect(debtBars([])).toEqual([]);
  });
});

describe('barPercent', () => {
  it('scales against the oldest, within 0..100', () => {
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(3, 0)).toBe(0);
  });
});
