import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { badInput, type Role } from '@accord/domain';
import { Ctx, requireFirmRole, type RequestContext } from '@accord/platform';
import { IntegrityVerifier } from '../integrity/integrity-verifier';
import { AuditPage, IntegrityReportModel } from './audit.models';
import { AuditQueries } from './audit.queries';

/** Who may read the raw history and verify it. */
const AUDIT_ROLES: readonly Role[] = ['PARTNER', 'AUDITOR'];
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

@Resolver()
export class AuditResolver {
  constructor(
    private readonly queries: AuditQueries,
    private readonly verifier: IntegrityVerifier,
  ) {}

  @Query(() => AuditPage, { description: "The firm's events in log order after `after` (exclusive, default 0); sealed answers redacted until reveal." })
  async auditLog(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('after', { type: () => Int, nullable: true }) after: number | null | undefined,
    @Args('first', { type: () => Int, nullable: true }) first: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditPage> {
    requireFirmRole(ctx, firmId, AUDIT_ROLES);
    const from = after ?? 0;
    const size = first ?? DEFAULT_PAGE;
    if (from < 0) throw badInput('after is a position (0 or more)', { field: 'after' });
    if (size < 1 || size > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    const { events, hasMore } = await this.queries.page(firmId, from, size);
    return { events, hasMore, nextAfter: events.length > 0 ? events[events.length - 1].position : null };
  }

  @Query(() => IntegrityReportModel, { description: "Re-reads the firm's streams from the event store and verifies their hash chains." })
  async verifyIntegrity(@Args('firmId', { type: () => ID }) firmId: string, @Ctx() ctx: RequestContext): Promise<IntegrityReportModel> {
    requireFirmRole(ctx, firmId, AUDIT_ROLES);
    return this.verifier.verify(firmId);
  }
}
