import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import type { CommandMeta, DomainEvent } from '@accord/domain';
import { actorOf } from '../auth/access';
import type { AuthenticatedMember } from '../auth/member';
import type { Clock } from '../clock';
import { IdempotencyScope } from '../idempotency/idempotency-scope';
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

  /**
   * Decides and appends (retrying on version conflicts), then returns once read models show the change.
   * In a request with an Idempotency-Key, a command an earlier attempt of it applied is not applied again:
   * the result is what that attempt recorded, marked `alreadyRecorded`.
   */
  async run<C, E extends DomainEvent, S>(execution: Execution<C, E, S>): Promise<Executed<E, S>> {
    const step = IdempotencyScope.current()?.nextStep();
    const executed = await execute(this.store, step ? { ...execution, step } : execution);
    await this.consistency.settle(executed.position);
    return executed;
  }

  /** The id of a new firm, member, check…: random, or, in a request with an Idempotency-Key, the same on every attempt of it. */
  newId(purpose: string): string {
    return IdempotencyScope.current()?.newId(purpose) ?? randomUUID();
  }
}
