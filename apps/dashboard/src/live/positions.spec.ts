import { isFresh, readStoredPosition, storedPosition } from './positions';

describe('feed positions', () => {
  it('takes anything before the first item, then only later positions', () => {
    expect(isFresh(undefined, 1)).toBe(true);
    expect(isFresh(7, 8)).toBe(true);
    expect(isFresh(7, 7)).toBe(false);
    expect(isFresh(7, 3)).toBe(false);
  });

  it('reads back the position stored for the same firm only', () => {
    const raw = storedPosition('firm-a', 42);
    expect(readStoredPosition(raw, 'firm-a')).toBe(42);
    expect(readStoredPosition(raw, 'firm-b')).toBeUndefined();
  });

  it('ignores nothing, garbage and nonsense positions', () => {
    expect(readStoredPosition(null, 'f')).toBeUndefined();
    expect(readStoredPosition('{not json', 'f')).toBeUndefined();
    expect(readStoredPosition('{"firmId":"f","position":-1}', 'f')).toBeUndefined();
    expect(readStoredPosition('{"firmId":"f","position":"3"}', 'f')).toBeUndefined();
    expect(readStoredPosition('{"firmId":"f","position":0}', 'f')).toBe(0);
  });
});
