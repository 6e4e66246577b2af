import { newEventId } from './event-id';

describe('newEventId', () => {
  it('is a version-7, variant-1 UUID carrying the millisecond it was made in', () => {
    const at = Date.parse('2026-11-24T12:00:00.000Z');
    const id = newEventId(at + 60_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 60_000);
  });

  it('sorts in the order ids were made, also within one millisecond and past 4,096 of them', () => {
    const at = Date.now() + 120_000;
    const ids = Array.from({ length: 10_000 }, () => newEventId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
