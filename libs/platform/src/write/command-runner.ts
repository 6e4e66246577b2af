import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import type { DomainEvent } from '@accord/domain';
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

  /** Decides and appends (retrying on version conflicts), then returns once read models show the change. */
  async run<C, E extends DomainEvent, S>(execution: Execution<C, E, S>): Promise<Executed<E, S>> {
    const executed = await execute(this.store, execution);
    await this.consistency.settle(executed.position);
    return executed;
  }
}
