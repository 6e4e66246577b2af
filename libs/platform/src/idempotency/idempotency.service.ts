import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainError, badInput } from '@accord/domain';
import type { Logger, ReadStore } from '@accord/projections';
import { IdempotencyScope } from './idempotency-scope';
import { IdempotencyStore, RELEASED } from './idempotency-store';
import { attemptSeed, type KeyedRequest } from './idempotency-key';
import { openResponse, sealResponse, type StoredResponse } from './sealed-response';

export interface IdempotencyOptions {
  /** How long a key is remembered (ACCORD_IDEMPOTENCY_TTL_HOURS); afterwards it may be used afresh. */
  ttlMs: number;
  /** How long a retry waits for an attempt still executing before answering CONFLICT. Default 10 s. */
  waitMs?: number;
  /** How often an executing attempt tells other instances it is alive. Default 2 s. */
  heartbeatMs?: number;
  /** A pending key whose heartbeat is older than this belongs to an attempt that died: a retry takes it over. Default 6 s. */
  staleAfterMs?: number;
  /** Heartbeats stop after this long, so a request that never finished cannot hold its key for ever. Default 2 min. */
  maxExecutionMs?: number;
  /** How often a waiting retry looks at a key held by another instance. Default 100 ms. */
  pollMs?: number;
  /** Expired rows are purged at most this often (by whichever request comes first). Default 10 min. */
  purgeEveryMs?: number;
  now?: () => number;
  /** Names this instance in the table. Default host:pid:random. */
  owner?: string;
  logger?: Logger;
}

/** An attempt that holds its key: it executes, in `scope`, and then finishes. */
export interface Claim {
  request: KeyedRequest;
  scope: IdempotencyScope;
  startedAt: number;
}

export type Begun = { kind: 'execute'; claim: Claim } | { kind: 'replay'; response: StoredResponse };

/**
 * Idempotency keys over the read store, so every API instance on it honours them. The first attempt
 * with a key claims it, executes, and stores its final response; a retry with the same request gets
 * that response; one arriving while the attempt executes waits for it; one after a transient failure
 * (the key released) executes again. An attempt whose process died leaves a pending key with a stale
 * heartbeat: a retry takes it over and executes again. Either way the new attempt derives the ids the
 * earlier one did, so its commands recognise what that one recorded instead of recording it twice.
 */
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  readonly owner: string;
  private readonly store: IdempotencyStore;
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly maxExecutionMs: number;
  private readonly pollMs: number;
  private readonly purgeEveryMs: number;
  private readonly now: () => number;
  private readonly logger?: Logger;
  private readonly executing = new Map<string, Claim>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly scopes = new WeakMap<object, IdempotencyScope>();
  private heartbeat: NodeJS.Timeout | undefined;
  private nextPurgeAt = 0;

  constructor(readStore: ReadStore, options: IdempotencyOptions) {
    this.store = new IdempotencyStore(readStore);
    this.ttlMs = options.ttlMs;
    this.waitMs = options.waitMs ?? 10_000;
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.staleAfterMs = options.staleAfterMs ?? 6_000;
    this.maxExecutionMs = options.maxExecutionMs ?? 120_000;
    this.pollMs = options.pollMs ?? 100;
    this.purgeEveryMs = options.purgeEveryMs ?? 600_000;
    this.now = options.now ?? Date.now;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.logger = options.logger;
  }

  onModuleInit(): Promise<void> {
    return this.store.init();
  }

  onModuleDestroy(): void {
    this.stopHeartbeat();
  }

  /**
   * Claims the key (execute), or returns the stored response (replay). Throws BAD_USER_INPUT when the
   * key was used for another request, CONFLICT when an attempt is still executing after the wait.
   */
  async begin(request: KeyedRequest): Promise<Begun> {
    this.purgeNowAndThen();
    const deadline = this.now() + this.waitMs;
    for (;;) {
      const now = this.now();
      const held = await this.store.claim(request.keyHash, request.fingerprint, this.owner, now, now - this.ttlMs);
      if (held === 'claimed') return this.execute(request, now);
      if (held.fingerprint !== request.fingerprint) {
        throw badInput('this Idempotency-Key was already used for a different request (another operation, query text or variables); send a new key with a new request');
      }
      if (held.state === 'done') return { kind: 'replay', response: openResponse(held.response!, request.responseKey) };
      const local = held.owner === this.owner && this.executing.has(request.keyHash);
      if (!local && held.heartbeatAt < now - this.staleAfterMs && (await this.store.takeOver(request.keyHash, request.fingerprint, this.owner, now, now - this.staleAfterMs))) {
        if (held.owner !== RELEASED) this.logger?.warn(`idempotency key ${request.keyHash.slice(0, 12)}…: the attempt of ${held.owner} stopped answering; executing again here`);
        return this.execute(request, held.createdAt);
      }
      const left = deadline - this.now();
      if (left <= 0) throw new DomainError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry it in a moment');
      // This process wakes its own waiters when it finishes; another instance's progress is polled.
      await this.changeOf(request.keyHash, local ? left : Math.min(this.pollMs, left));
    }
  }

  /**
   * Stores a final response (see `isFinalOutcome`) for replays; after a transient failure, or with no
   * response to store, releases the key so that a retry executes again.
   */
  async finish(claim: Claim, response: StoredResponse | undefined, final: boolean): Promise<void> {
    const { keyHash } = claim.request;
    try {
      if (response && final) {
        const stored = await this.store.complete(keyHash, this.owner, sealResponse(response, claim.request.responseKey), this.now());
        if (!stored) this.logger?.warn(`idempotency key ${keyHash.slice(0, 12)}…: another instance took it over before this attempt finished; its response is not stored`);
      } else {
        await this.store.release(keyHash, this.owner);
      }
    } finally {
      this.executing.delete(keyHash);
      if (this.executing.size === 0) this.stopHeartbeat();
      this.wake(keyHash);
    }
  }

  /** Marks the GraphQL context of a request as running in `scope`, for {@link scopeOf}. */
  attach(context: object, scope: IdempotencyScope): void {
    this.scopes.set(context, scope);
  }

  /** The scope a request's resolvers run in; undefined without a key. */
  scopeOf(context: object | undefined): IdempotencyScope | undefined {
    return context ? this.scopes.get(context) : undefined;
  }

  private execute(request: KeyedRequest, claimedAt: number): Begun {
    const claim: Claim = { request, scope: new IdempotencyScope(attemptSeed(request, claimedAt)), startedAt: this.now() };
    this.executing.set(request.keyHash, claim);
    this.heartbeat ??= setInterval(() => void this.beat(), this.heartbeatMs).unref();
    return { kind: 'execute', claim };
  }

  private async beat(): Promise<void> {
    const alive = this.now() - this.maxExecutionMs;
    const keys = [...this.executing.values()].filter((claim) => claim.startedAt >= alive).map((claim) => claim.request.keyHash);
    try {
      await this.store.heartbeat(keys, this.owner, this.now());
    } catch (error) {
      this.logger?.warn(`idempotency keys: heartbeat failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Resolves when this process finishes the key, or after `ms` (another instance may have). */
  private changeOf(keyHash: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(keyHash) ?? new Set();
      this.waiters.set(keyHash, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiters.delete(keyHash);
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 1));
      waiters.add(done);
    });
  }

  private wake(keyHash: string): void {
    for (const waiter of [...(this.waiters.get(keyHash) ?? [])]) waiter();
  }

  /** Cheap enough to run from a request: at most once per `purgeEveryMs`, by an indexed DELETE, not awaited. */
  private purgeNowAndThen(): void {
    const now = this.now();
    if (now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + this.purgeEveryMs;
    this.store.purge(now - this.ttlMs).then(
      (purged) => purged > 0 && this.logger?.log(`idempotency keys: purged ${purged} older than ${Math.round(this.ttlMs / 3_600_000)} h`),
      (error: unknown) => this.logger?.warn(`idempotency keys: purge failed (${error instanceof Error ? error.message : String(error)})`),
    );
  }
}
