import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@accord/domain';
import { CLOCK, requireMember, type Clock, type RequestContext } from '@accord/platform';
import { FirmsQueries, toMember, type Member } from '@accord/firms';
import { DisagreementsView } from '@accord/disagreements';
import type { AlignedDefinition } from './aligned-definition.model';
import type { Decision, Endorsement } from './decision.model';
import type { DecisionWhy } from './decision-why.model';
import { DecisionsQueries, type DecisionRow } from './decisions.queries';
import { whySummary } from './why-summary';

/** Decision rows shaped as GraphQL objects, their endorsements, aligned definitions and the `why` story. */
@Injectable()
export class DecisionsView {
  constructor(
    readonly queries: DecisionsQueries,
    private readonly firms: FirmsQueries,
    private readonly disagreements: DisagreementsView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The decision if the caller's firm holds it; another firm's is NOT_FOUND like an unknown id, so ids tell nothing. */
  async readable(ctx: RequestContext, id: string): Promise<Decision> {
    const caller = requireMember(ctx);
    const row = await this.queries.decision(id);
    if (!row || row.firmId !== caller.firmId) throw notFound('decision', id);
    return toDecision(row);
  }

  async decision(id: string): Promise<Decision> {
    const row = await this.queries.decision(id);
    if (!row) throw notFound('decision', id);
    return toDecision(row);
  }

  async maybeDecision(id: string | null): Promise<Decision | null> {
    if (id === null) return null;
    const row = await this.queries.decision(id);
    return row ? toDecision(row) : null;
  }

  async member(id: string): Promise<Member> {
    const row = await this.firms.member(id);
    if (!row) throw notFound('member', id);
    return toMember(row);
  }

  async endorsements(decisionId: string): Promise<Endorsement[]> {
    const rows = await this.queries.endorsements(decisionId);
    const members = await this.firms.membersById(rows.map((row) => row.memberId));
    return rows.flatMap(({ memberId, at }) => {
      const member = members.get(memberId);
      return member ? [{ member: toMember(member), at }] : [];
    });
  }

  /** The firm's aligned definitions as of `asOf` (default now). */
  async alignedDefinitions(firmId: string, asOf?: string | null): Promise<AlignedDefinition[]> {
    const rows = await this.queries.alignedDefinitions(firmId, asOf ?? this.clock.now());
    return rows.map((row) => ({
      questionKey: row.questionKey!,
      answer: row.chosenAnswer,
      outcome: row.outcome,
      decision: toDecision(row),
      lockedAt: row.lockedAt!,
    }));
  }

  /** Everything "why was this decided?" asks, in one object; `supersedes` recurses through Decision.why. */
  async why(decision: Decision): Promise<DecisionWhy> {
    const [endorsements, resolved, supersedes, supersededBy, proposer] = await Promise.all([
      this.endorsements(decision.id),
      this.disagreements.byIds(decision.resolvesIds),
      this.maybeDecision(decision.supersedesId),
      this.maybeDecision(decision.supersededById),
      this.firms.member(decision.proposedById),
    ]);
    const summary = whySummary({
      status: decision.status,
      proposedAt: decision.proposedAt,
      lockedAt: decision.lockedAt,
      proposerName: proposer?.name ?? decision.proposedById,
      endorserNames: endorsements.map(({ member }) => member.name),
      outcome: decision.outcome,
      chosenAnswer: decision.chosenAnswer,
      alternatives: decision.alternatives,
      resolvedOpenDays: resolved.map(({ openDays }) => openDays),
      supersedesTitle: supersedes?.title ?? null,
      supersededBy: supersededBy && decision.supersededAt ? { title: supersededBy.title, at: decision.supersededAt } : null,
    });
    return {
      summary,
      outcome: decision.outcome,
      rationale: decision.rationale,
      alternatives: decision.alternatives,
      endorsements,
      resolved,
      supersedes,
      firmId: decision.firmId,
      checkIds: [...new Set(resolved.flatMap(({ checkId }) => (checkId ? [checkId] : [])))],
    };
  }
}

export function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    firmId: row.firmId,
    title: row.title,
    outcome: row.outcome,
    chosenAnswer: row.chosenAnswer,
    alternatives: row.alternatives,
    rationale: row.rationale,
    layer: row.layer,
    questionKey: row.questionKey,
    status: row.status,
    proposedAt: row.proposedAt,
    lockedAt: row.lockedAt,
    supersededAt: row.supersededAt,
    proposedById: row.proposedBy,
    supersedesId: row.supersedes,
    supersededById: row.supersededBy,
    resolvesIds: row.resolves,
  };
}
