import { EMPTY_FIELDS, fieldOfError, proposeInput } from './propose-input';

describe('the proposal sent from the form', () => {
  it('takes one rejected alternative per non-blank line, trimmed', () => {
    const input = proposeInput({ ...EMPTY_FIELDS, layer: 'VISION', alternatives: ' New logos \n\n  \nTenders\n' });
    expect(input.alternatives).toEqual(['New logos', 'Tenders']);
  });

  it('leaves the optional question and superseded decision out when none is chosen', () => {
    const input = proposeInput({ ...EMPTY_FIELDS, layer: 'PEOPLE' });
    expect(input).toMatchObject({ layer: 'PEOPLE', questionKey: null, supersedes: null, resolves: [], alternatives: [] });
  });

  it('sends the chosen question, disagreements and superseded decision', () => {
    const input = proposeInput({ ...EMPTY_FIELDS, layer: 'VISION', questionKey: 'optimizing_for', resolves: ['d1', 'd2'], supersedes: 'old' });
    expect(input).toMatchObject({ questionKey: 'optimizing_for', resolves: ['d1', 'd2'], supersedes: 'old' });
  });
});

describe('the field a refused proposal is about', () => {
  it.each([
    [{ field: 'outcome' }, 'outcome'],
    [{ field: 'the outcome' }, 'outcome'],
    [{ field: 'the title' }, 'title'],
    [{ field: 'the chosen answer' }, 'chosenAnswer'],
    [{ field: 'rejected alternative 3' }, 'alternatives'],
    [{ field: 'the rationale' }, 'rationale'],
    [{ field: 'the layer' }, 'layer'],
    [{ questionKey: 'nope' }, 'questionKey'],
  ])('%j → %s', (extensions, field) => expect(fieldOfError(extensions)).toBe(field));

  it('is none for an error about the whole proposal', () => {
    expect(fieldOfError({ id: 'd1' })).toBeUndefined();
  });
});
