import { Inject } from '@nestjs/common';
import { Args, ID, Int, Resolver, Subscription } from '@nestjs/graphql';
import { badInput } from '@accord/domain';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { ALL_ROLES, Ctx, EVENT_STORE, LIVE_HUB, requireFirmRole, storeFeed, type LiveHub, type RequestContext } from '@accord/platform';
import { AuditEvent } from '../read-model/audit.models';
import { AuditQueries } from '../read-model/audit.queries';
import { answerCheckId } from '../redaction';
import { toAuditEvent } from './to-audit-event';

@Resolver(() => AuditEvent)
export class FirmEventsResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LIVE_HUB) private readonly live: LiveHub,
    private readonly queries: AuditQueries,
  ) {}

  @Subscription(() => AuditEvent, {
    description: "The firm's events after `afterPosition` (default: the head now), then live ones; resume with the last position seen.",
  })
  async firmEvents(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('afterPosition', { type: () => Int, nullable: true }) afterPosition: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AsyncIterableIterator<{ firmEvents: AuditEvent }>> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    if (afterPosition != null && afterPosition < 0) throw badInput('afterPosition is a position (0 or more)', { field: 'afterPosition' });
    const after = afterPosition ?? (await this.store.headPosition());
    const isRevealed = this.revealedChecks();
    const ofFirm = (event: RecordedEvent) => event.metadata.firmId === firmId;
    return storeFeed(this.live.subscribe({ after, only: ofFirm }), async (event) => {
      if (!ofFirm(event)) return undefined;
      return { firmEvents: toAuditEvent(event, await isRevealed(event)) };
    });
  }

  /**
   * Whether an answer is unsealed when it is delivered: its check's reveal was seen in this feed, or
   * the read model knows it (a subscriber catching up from before the reveal).
   */
  private revealedChecks(): (event: RecordedEvent) => Promise<boolean> {
    const revealed = new Set<string>();
    return async (event) => {
      if (event.type === 'CheckRevealed') revealed.add((event.data as { checkId: string }).checkId);
      const checkId = answerCheckId(event.type, event.data);
      if (checkId === null) return false;
      if (!revealed.has(checkId) && (await this.queries.isRevealed(checkId))) revealed.add(checkId);
      return revealed.has(checkId);
    };
  }
}
