import { actorId } from '../shared/command-meta';
import { badInput, DomainError, forbidden, invalidState } from '../shared/domain-error';
import { LAYERS } from '../shared/vocabulary';
import { requireOneOf } from '../firm/validation';
import { requireText, TEXT_RULES } from '../shared/text';
import type { ProposeDecision } from './commands';
import type { DecisionEvent } from './events';
import type { DecisionState } from './state';

export const MAX_ALTERNATIVES = 20;

/** A partner's proposal; proposing is not endorsing, the proposer endorses like everyone else. */
export function proposeDecision(command: ProposeDecision, state: DecisionState): DecisionEvent[] {
  if (state.status !== 'NONE') throw invalidState(`Decision ${state.decisionId} was already proposed.`);
  if (command.actor.kind !== 'member' || command.actor.role !== 'PARTNER') throw forbidden('Only partners propose decisions.');
  if (command.context.firmId !== command.firmId) throw forbidden(`The decision must be proposed within firm ${command.firmId}.`);
  const title = requireText('the title', command.title, TEXT_RULES.title);
  if (typeof command.outcome !== 'string' || command.outcome.trim() === '') {
    throw badInput('A decision must say what outcome it optimizes for.', { field: 'outcome' });
  }
  const outcome = requireText('the outcome', command.outcome);
  const chosenAnswer = requireText('the chosen answer', command.chosenAnswer);
  const alternatives = validateAlternatives(command.alternatives ?? []);
  const rationale = requireText('the rationale', command.rationale, TEXT_RULES.rationale);
  const layer = requireOneOf('the layer', command.layer, LAYERS);
  const questionKey = command.questionKey ?? null;
  if (questionKey !== null && !command.context.questionKeys.includes(questionKey)) {
    throw badInput(`The firm has no question "${questionKey}"; its questions are ${command.context.questionKeys.join(', ')}.`, {
      questionKey,
    });
  }
  const resolves = checkResolves(command);
  const supersedes = command.supersedes ?? null;
  if (supersedes !== null) checkSupersedes(command, supersedes);
  return [
    {
      type: 'DecisionProposed',
      data: {
        decisionId: command.decisionId,
        firmId: command.firmId,
        title,
        outcome,
        chosenAnswer,
        alternatives,
        rationale,
        layer,
        questionKey,
        resolves,
        supersedes,
        proposedBy: actorId(command.actor),
        proposedAt: command.now,
      },
    },
  ];
}

/** The alternatives rejected: none is allowed (some decisions had no rival), at most 20. */
function validateAlternatives(alternatives: readonly string[]): string[] {
  if (alternatives.length > MAX_ALTERNATIVES) {
    throw badInput(`A decision lists at most ${MAX_ALTERNATIVES} rejected alternatives; got ${alternatives.length}.`);
  }
  return alternatives.map((alternative, index) => requireText(`rejected alternative ${index + 1}`, alternative));
}

/** Open or deferred disagreements of the same firm; another firm's ids look exactly like missing ones. */
function checkResolves({ resolves = [], firmId, context }: ProposeDecision): string[] {
  const seen = new Set<string>();
  for (const id of resolves) {
    if (seen.has(id)) throw badInput(`Disagreement ${id} is named more than once.`, { id });
    seen.add(id);
    const found = Object.hasOwn(context.disagreements, id) ? context.disagreements[id] : undefined;
    if (!found || found.firmId !== firmId) throw new DomainError('NOT_FOUND', `Disagreement ${id} does not exist.`, { id });
    if (found.status === 'RESOLVED') throw invalidState(`Disagreement ${id} is already resolved.`);
  }
  return [...resolves];
}

function checkSupersedes({ firmId, context }: ProposeDecision, supersedes: string): void {
  const found = context.superseded;
  if (!found || found.firmId !== firmId) {
    throw new DomainError('NOT_FOUND', `Decision ${supersedes} does not exist.`, { id: supersedes });
  }
  if (found.status === 'PROPOSED') {
    throw invalidState(`Only a locked decision can be superseded; decision ${supersedes} is still proposed.`);
  }
  if (found.status === 'SUPERSEDED') {
    throw invalidState(`Decision ${supersedes} was already superseded by a newer decision; supersede that one instead.`);
  }
}
