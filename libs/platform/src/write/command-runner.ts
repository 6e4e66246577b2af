import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import type { CommandMeta, DomainEvent } from '@accord/domain';
import { actorOf } from '../auth/access';
import type { AuthenticatedMember } from '../auth/member';
import type { Clock } from '../clock';
import { CLOCK, EVENT_STORE } from '../tokens';
import { Consistency } from './consistency';
import { execute, type Executed, type Execution } from './event-sourced-executor';

/** What a command handler needs: run a decider on a stream, then wait until the change can be read. */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(Consistency) private readonly consistency: Consistency,
  ) {}

  /**
   * A member's command on one stream: time from the clock, the member as actor (`meta` carries both
   * into the command); then as {@link run}.
   */
  runFor<C, E extends DomainEvent, S>(
    by: AuthenticatedMember,
    target: Pick<Execution<C, E, S>, 'decider' | 'stream' | 'firmId'>,
    command: (meta: CommandMeta, state: S) => C | Promise<C>,
  ): Promise<Executed<E, S>> {
    const meta: CommandMeta = { actor: actorOf(by), now: this.clock.now() };
    return this.run({ ...target, ...meta, command: (state) => command(meta, state) });
  }

  /** Decides and appends (retrying on version conflicts), then returns once read models show the change. */
  async run<C, E extends DomainEvent, S>(execution: Execution<C, E, S>): Promise<Executed<E, S>> {
    const executed = await execute(this.store, execution);
    await this.consistency.settle(executed.position);
    return executed;
  }
}
