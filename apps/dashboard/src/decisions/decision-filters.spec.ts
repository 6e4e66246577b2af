import { ofLayer, readFilters, withFilter } from './decision-filters';

describe('the decision log filters', () => {
  it('reads a layer and a status from the address', () => {
    expect(readFilters(new URLSearchParams('layer=VISION&status=LOCKED'))).toEqual({ layer: 'VISION', status: 'LOCKED' });
  });

  it('ignores values that are not a layer or a status', () => {
    expect(readFilters(new URLSearchParams('layer=vision&status=OPEN'))).toEqual({ layer: undefined, status: undefined });
  });

  it('sets one filter and keeps the others', () => {
    expect(withFilter(new URLSearchParams('status=LOCKED'), 'layer', 'PEOPLE').toString()).toBe('status=LOCKED&layer=PEOPLE');
  });

  it('removes a filter set back to "all"', () => {
    expect(withFilter(new URLSearchParams('status=LOCKED&layer=PEOPLE'), 'layer', '').toString()).toBe('status=LOCKED');
  });

  it('keeps the decisions of the chosen layer only, or all without one', () => {
    const decisions = [{ id: 'a', layer: 'VISION' }, { id: 'b', layer: 'PEOPLE' }];
    expect(ofLayer(decisions, 'PEOPLE').map((d) => d.id)).toEqual(['b']);
    expect(ofLayer(decisions, undefined).map((d) => d.id)).toEqual(['a', 'b']);
  });
});
