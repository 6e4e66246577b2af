import { DAY, HOUR, fromLocalInput, indexOf, instantAt, marksFrom, parseAt, stepFor, timeline, toLocalInput } from './timeline';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

describe('the as-of timeline', () => {
  describe('when the firm is ten and a half days old', () => {
    const line = timeline(T0, new Date(Date.parse(T0) + 10.5 * DAY + 20 * 60_000).toISOString());

    it('steps by the hour and ends exactly on now, even off the hour grid', () => {
      expect(line.step).toBe(HOUR);
      expect(line.steps).toBe(10.5 * 24 + 1);
      expect(instantAt(line, line.steps)).toBe(line.max);
      expect(instantAt(line, 0)).toBe(line.min);
      expect(instantAt(line, 24 * 5)).toBe(Date.parse(at(5)));
    });

    it('maps instants to the nearest position and clamps those outside the firm’s life', () => {
      expect(indexOf(line, Date.parse(at(5)))).toBe(120);
      expect(indexOf(line, Date.parse(at(5)) + 29 * 60_000)).toBe(120);
      expect(indexOf(line, Date.parse(at(5)) + 31 * 60_000)).toBe(121);
      expect(indexOf(line, Date.parse(at(-3)))).toBe(0);
      expect(indexOf(line, Date.parse(at(30)))).toBe(line.steps);
    });
  });

  describe('when the firm is older', () => {
    it('takes bigger steps so the slider never has thousands of positions', () => {
      expect(stepFor(59 * DAY)).toBe(HOUR);
      expect(stepFor(400 * DAY)).toBe(DAY);
      expect(stepFor(10 * 365 * DAY)).toBe(7 * DAY);
      expect(timeline(T0, at(10 * 365)).steps).toBeLessThan(1_600);
    });

    it('treats a now before the founding (a skewed clock) as an empty range', () => {
      const line = timeline(T0, at(-1));
      expect(line.steps).toBe(0);
      expect(instantAt(line, 0)).toBe(Date.parse(T0));
    });
  });

  describe('when the instant travels through the address or a datetime-local input', () => {
    it('reads ?at= as an instant and anything else as now', () => {
      expect(parseAt(at(5))).toBe(Date.parse(at(5)));
      expect(parseAt(null)).toBeNull();
      expect(parseAt('yesterday-ish')).toBeNull();
    });

    it('round-trips through the local zone to the minute and ignores incomplete values', () => {
      const ms = Date.parse('2026-03-29T01:30:00.000Z');
      expect(toLocalInput(ms)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      expect(fromLocalInput(toLocalInput(ms))).toBe(ms);
      expect(fromLocalInput('')).toBeNull();
      expect(fromLocalInput('2026-03-')).toBeNull();
    });
  });

  describe('when checks closed and decisions locked', () => {
    it('lists them oldest first as marks, leaving out proposals and anything outside the range', () => {
      const line = timeline(T0, at(10));
      const marks = marksFrom(
        [
          { checkId: 'c2', closedAt: at(8), verdict: 'FRICTION', score: 2, outOf: 3 },
          { checkId: 'c1', closedAt: at(2), verdict: 'ALIGNED', score: 3, outOf: 3 },
        ],
        [
          { id: 'd1', title: 'Retainers first', lockedAt: at(5) },
          { id: 'd2', title: 'Still proposed', lockedAt: null },
          { id: 'd3', title: 'Locked after now', lockedAt: at(11) },
        ],
        line,
      );
      expect(marks.map((mark) => [mark.label, mark.at])).toEqual([
        ['Check closed (Aligned 3/3)', Date.parse(at(2))],
        ['Decision “Retainers first” locked', Date.parse(at(5))],
        ['Check closed (Friction 2/3)', Date.parse(at(8))],
      ]);
      expect(marks.map((mark) => mark.id)).toEqual(['check-c1', 'decision-d1', 'check-c2']);
    });
  });
});
