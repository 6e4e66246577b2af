import { Inject, Injectable } from '@nestjs/common';
import { conflictDebt, notFound } from '@accord/domain';
import { CLOCK, requireMember, type Clock, type RequestContext } from '@accord/platform';
import { FirmsQueries, toMember } from '@accord/firms';
import type { ConflictDebt } from './conflict-debt.model';
import type { Disagreement } from './disagreement.model';
import { DisagreementsQueries, type DisagreementRow } from './disagreements.queries';

const DAY_MS = 86_400_000;

/** Disagreement rows shaped as GraphQL objects: positions with their members, days open as of now. */
@Injectable()
export class DisagreementsView {
  constructor(
    readonly queries: DisagreementsQueries,
    private readonly firms: FirmsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The disagreement if the caller's firm holds it; another firm's is NOT_FOUND like an unknown id, so ids tell nothing. */
  async readable(ctx: RequestContext, id: string): Promise<Disagreement> {
    const caller = requireMember(ctx);
    const row = await this.queries.disagreement(id);
    if (!row || row.firmId !== caller.firmId) throw notFound('disagreement', id);
    return (await this.toModels([row]))[0];
  }

  async disagreement(id: string): Promise<Disagreement> {
    const row = await this.queries.disagreement(id);
    if (!row) throw notFound('disagreement', id);
    return (await this.toModels([row]))[0];
  }

  /** The disagreements of `ids` that exist, in the order of `ids`. */
  async byIds(ids: readonly string[]): Promise<Disagreement[]> {
    const rows = await this.queries.byIds(ids);
    return this.toModels(ids.flatMap((id) => rows.get(id) ?? []));
  }

  /** Loads every position's member in one read. */
  async toModels(rows: readonly DisagreementRow[]): Promise<Disagreement[]> {
    const members = await this.firms.membersById([...new Set(rows.flatMap((row) => row.positions.map((p) => p.memberId)))]);
    const now = Date.parse(this.clock.now());
    return rows.map((row) => ({
      id: row.id,
      firmId: row.firmId,
      topic: row.topic,
      layer: row.layer,
      status: row.status,
      positions: row.positions.flatMap(({ memberId, text }) => {
        const member = members.get(memberId);
        return member ? [{ member: toMember(member), text }] : [];
      }),
      raisedAt: row.raisedAt,
      resolvedAt: row.resolvedAt,
      checkId: row.checkId,
      questionKey: row.questionKey,
      deferrals: row.deferrals.map((d) => d.reason),
      openDays: daysBetween(Date.parse(row.raisedAt), row.resolvedAt ? Date.parse(row.resolvedAt) : now),
      resolvedByDecisionId: row.resolvedByDecision,
    }));
  }

  /** The firm's conflict debt as of `asOf` (default now), from when each disagreement was raised and resolved. */
  async conflictDebt(firmId: string, asOf?: string | null): Promise<ConflictDebt> {
    const rows = await this.queries.forFirm(firmId);
    const debt = conflictDebt(rows, asOf ?? this.clock.now());
    const models = new Map((await this.toModels(rows)).map((model) => [model.id, model]));
    const item = ({ id, ageDays, weight, debt }: { id: string; ageDays: number; weight: number; debt: number }) => ({
      disagreement: models.get(id)!,
      ageDays,
      weight,
      debt,
    });
    return { firmId, ...debt, items: debt.items.map(item), paid: debt.paid.map(item) };
  }
}

/** Fractional days, rounded to 4 decimals like conflict debt; never negative. */
function daysBetween(fromMs: number, toMs: number): number {
  return Math.round((Math.max(0, toMs - fromMs) / DAY_MS) * 10_000) / 10_000;
}
