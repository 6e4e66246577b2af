import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { badInput } from '@accord/domain';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { ALL_ROLES, Ctx, EVENT_STORE, LIVE_HUB, requireFirmRole, storeFeed, type LiveHub, type RequestContext } from '@accord/platform';
import { DriftEventModel } from './drift-event.model';
import { DRIFT_PROJECTION } from './drift.projection';
import { DriftQueries, toDriftEvent } from './drift.queries';

/** How long a live drift waits for its projection before it is sent anyway (it is recorded either way). */
const PROJECTION_WAIT_MS = 30_000;

@Resolver(() => DriftEventModel)
export class DriftResolver {
  /** One payload per live drift event, whichever subscription it goes to, so they can share its execution. */
  private readonly payloads = new WeakMap<RecordedEvent, { driftDetected: DriftEventModel }>();

  constructor(
    private readonly queries: DriftQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LIVE_HUB) private readonly live: LiveHub,
    @Inject(ProjectionProgress) private readonly projections: ProjectionProgress,
  ) {}

  @Query(() => [DriftEventModel], { description: "The firm's drift, oldest first." })
  async driftEvents(@Args('firmId', { type: () => ID }) firmId: string, @Ctx() ctx: RequestContext): Promise<DriftEventModel[]> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    return this.queries.driftEvents(firmId);
  }

  @Subscription(() => DriftEventModel, {
    description:
      "Each drift of the firm recorded after `afterPosition` (default: the head now), once driftEvents lists it. A dashboard resumes with the last `position` it saw and misses nothing.",
  })
  async driftDetected(
    @Args('firmId', { type: () => ID }) firmId: string,
    @Args('afterPosition', { type: () => Int, nullable: true }) afterPosition: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AsyncIterableIterator<{ driftDetected: DriftEventModel }>> {
    requireFirmRole(ctx, firmId, ALL_ROLES);
    if (afterPosition != null && afterPosition < 0) throw badInput('afterPosition is a position (0 or more)', { field: 'afterPosition' });
    const after = afterPosition ?? (await this.store.headPosition());
    const isFirmDrift = (event: RecordedEvent) => event.type === 'DriftDetected' && event.metadata.firmId === firmId;
    return storeFeed(this.live.subscribe({ after, only: isFirmDrift }), async (event) => {
      if (!isFirmDrift(event)) return undefined;
      await this.projected(event);
      let payload = this.payloads.get(event);
      if (!payload) {
        payload = { driftDetected: toDriftEvent(event) };
        this.payloads.set(event, payload);
      }
      return payload;
    });
  }

  /** So a dashboard that queries driftEvents on a notification finds the drift there. */
  private async projected(event: RecordedEvent): Promise<void> {
    try {
      await this.projections.waitFor(event.position, { projections: [DRIFT_PROJECTION], timeoutMs: PROJECTION_WAIT_MS });
    } catch {
      // A lagging read model must not end the dashboard's feed: the drift is recorded, send it.
    }
  }
}
