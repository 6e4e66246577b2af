import { activePartnerCount, stillToEndorse } from './endorsement-progress';

const members = [
  { id: 'ada', role: 'PARTNER' },
  { id: 'fay', role: 'FACILITATOR' },
  { id: 'ben', role: 'PARTNER' },
];

describe('who a decision still waits for', () => {
  it('lists the partners who have not endorsed, never other roles', () => {
    expect(stillToEndorse(members, [{ member: { id: 'ada' } }]).map((m) => m.id)).toEqual(['ben']);
  });

  it('is nobody once every partner endorsed', () => {
    expect(stillToEndorse(members, [{ member: { id: 'ben' } }, { member: { id: 'ada' } }])).toEqual([]);
  });

  it('counts the active partners', () => {
    expect(activePartnerCount(members)).toBe(2);
  });
});
