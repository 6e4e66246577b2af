import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@accord/domain';
import { CLOCK, type Clock } from '@accord/platform';
import type { Firm } from './firm.model';
import { FirmsQueries, type FirmRow, type MemberRow } from './firms.queries';
import type { Member } from './member.model';

const DAY_MS = 86_400_000;

/** Read-model rows shaped as GraphQL objects, with the fields that depend on today's date. */
@Injectable()
export class FirmsView {
  constructor(
    readonly queries: FirmsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async firm(id: string): Promise<Firm> {
    const row = await this.queries.firm(id);
    if (!row) throw notFound('firm', id);
    return this.toFirm(row);
  }

  async member(id: string): Promise<Member> {
    const row = await this.queries.member(id);
    if (!row) throw notFound('member', id);
    return toMember(row);
  }

  toFirm(row: FirmRow): Firm {
    const since = row.lastCheckClosedAt ?? row.foundedAt;
    const due = new Date(Date.parse(since) + row.cadenceDays * DAY_MS).toISOString();
    return { ...row, nextCheckDue: due, overdue: Date.parse(this.clock.now()) > Date.parse(due) };
  }
}

export function toMember(row: MemberRow): Member {
  return { id: row.id, name: row.name, role: row.role, firmId: row.firmId };
}
