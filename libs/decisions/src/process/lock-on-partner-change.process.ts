import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import {
  SYSTEM,
  activePartnerIds,
  decisionDecider,
  decisionStream,
  firmDecider,
  firmStream,
  type DecisionCommand,
  type MemberLeft,
  type MemberRoleChanged,
} from '@accord/domain';
import { EVENT_STORE, deterministicEventId, execute, loadState, type ProcessManager } from '@accord/platform';
import { DecisionsQueries } from '../read-model/decisions.queries';

/**
 * Rule 8 asks every active partner to endorse. When a partner leaves or stops being a partner, a
 * proposal the others have all endorsed would wait for an endorsement that can no longer come: this
 * locks it then.
 */
@Injectable()
export class LockOnPartnerChangeProcess implements ProcessManager {
  readonly name = 'lock-on-partner-change';
  readonly handles = ['MemberLeft', 'MemberRoleChanged'];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionProgress) private readonly projections: ProjectionProgress,
    private readonly decisions: DecisionsQueries,
  ) {}

  async react(event: RecordedEvent): Promise<void> {
    const data = event.data as MemberLeft['data'] | MemberRoleChanged['data'];
    if ('previousRole' in data && data.previousRole !== 'PARTNER') return;
    // Proposals made before this event must be in the read model before it is asked for them.
    await this.projections.waitFor(event.position, { projections: ['decisions'] });
    const { state: firm } = await loadState(this.store, firmDecider, firmStream(data.firmId));
    const partners = activePartnerIds(firm);
    const now = event.metadata.occurredAt;
    for (const proposal of await this.decisions.forFirm(data.firmId, 'PROPOSED')) {
      await execute(this.store, {
        decider: decisionDecider,
        stream: decisionStream(proposal.id),
        firmId: data.firmId,
        actor: SYSTEM,
        now,
        command: (): DecisionCommand => ({ type: 'ReassessLock', activePartnerIds: partners, actor: SYSTEM, now }),
        eventId: () => deterministicEventId(event.id, `lock:${proposal.id}`),
        causationId: event.id,
        correlationId: event.metadata.correlationId,
      });
    }
  }
}
