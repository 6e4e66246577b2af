/** The method's fixed vocabularies, in the order and words the page shows them. */
export const LAYERS = ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'] as const;
export type Layer = (typeof LAYERS)[number];

/** Conflict-debt weight of each layer (DESIGN.md rule 7): a fracture high up cascades below. */
export const LAYER_WEIGHT: Record<Layer, number> = { VISION: 4, PEOPLE: 3, PROCESS: 2, TECHNOLOGY: 1 };

/** Colours that keep at least 4.5:1 against white, and differ in lightness too for colour-blind readers. */
export const LAYER_COLOUR: Record<Layer, string> = { VISION: '#7a1f3d', PEOPLE: '#1f5f8b', PROCESS: '#5b6b00', TECHNOLOGY: '#4b4b4b' };

export const VERDICTS = ['ALIGNED', 'FRICTION', 'FRACTURE', 'SPLIT'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_COLOUR: Record<Verdict, string> = { ALIGNED: '#1b6e3a', FRICTION: '#8a5a00', FRACTURE: '#b03a14', SPLIT: '#8e1b1b' };

/** What each verdict means, in a sentence a partner would say. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  ALIGNED: 'The partners gave matching answers to every question.',
  FRICTION: 'Most answers matched; one gap is worth a conversation.',
  FRACTURE: 'Most answers did not match: the firm is pulling in different directions.',
  SPLIT: 'No answer matched: two businesses under one roof.',
};

export function titleCase(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}
