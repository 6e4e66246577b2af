import { AsyncLocalStorage } from 'node:async_hooks';
import { deterministicEventId } from '../write/deterministic-id';
import type { StepIds } from '../write/recorded-step';

const active = new AsyncLocalStorage<IdempotencyScope>();

/**
 * One attempt at a request that carries an Idempotency-Key. The entity ids and event ids its commands
 * mint are derived from the request (caller, key and body) and the order they are minted in; mutation
 * fields run one after another, so every attempt of the same request mints the same ids.
 */
export class IdempotencyScope {
  private steps = 0;
  private readonly minted = new Map<string, number>();

  /** `seed` differs for another caller, key or request body. */
  constructor(private readonly seed: string) {}

  /** The scope the current resolver runs in, if its request carries a key. */
  static current(): IdempotencyScope | undefined {
    return active.getStore();
  }

  /** Runs `fn` (and everything it awaits) in this scope. */
  run<T>(fn: () => T): T {
    return active.run(this, fn);
  }

  /** The n-th id this attempt mints for `purpose` (`check`, `decision`…): the same n-th id on every attempt. */
  newId(purpose: string): string {
    const n = (this.minted.get(purpose) ?? 0) + 1;
    this.minted.set(purpose, n);
    return deterministicEventId(this.seed, `id ${purpose} ${n}`);
  }

  /** The event ids of the next command this attempt runs. */
  nextStep(): StepIds {
    const step = ++this.steps;
    return { eventId: (index) => deterministicEventId(this.seed, `step ${step} event ${index}`) };
  }
}
