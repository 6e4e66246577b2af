import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ReadStore, ReadTx } from '../types';

/** The lease table; on PostgreSQL it comes from migration 0002 instead. */
export const LEASE_SCHEMA =
  'CREATE TABLE IF NOT EXISTS projector_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL)';

/** A projector found, inside a batch's transaction, that another has taken its lease over: nothing of the batch commits. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(lease: string, holder: string) {
    super(`projector lease "${lease}" is no longer held by ${holder}; another projector has taken over`);
  }
}

export interface LeaseOptions {
  /** Which lease: one per set of projections. Default `projector`. */
  name?: string;
  /** How long a lease lasts without renewal. Default 15 s: a standby takes over at most that long after the holder died. */
  ttlMs?: number;
  /** Identifies this process in the table and in logs. Default host:pid:random. */
  holder?: string;
  now?: () => number;
}

export interface LeaseHolder {
  holder: string;
  epoch: number;
  expiresAt: number;
}

/**
 * At most one projector applies projections: the one holding this lease, a row in the read store.
 * Expiry only decides when a standby may take over (liveness); safety does not depend on clocks:
 * taking over increments `epoch`, and every batch a holder commits first runs {@link fence}, which
 * fails unless the row still names this holder and epoch. On PostgreSQL the fence's UPDATE locks
 * the row until the batch commits, so a takeover waits for that batch and then sees the lease renewed;
 * on SQLite write transactions are serial anyway. A paused holder that wakes after a takeover
 * therefore cannot commit another batch.
 */
export class ProjectorLease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private readonly now: () => number;
  private epoch: number | undefined;

  constructor(
    private readonly readStore: ReadStore,
    options: LeaseOptions = {},
  ) {
    this.name = options.name ?? 'projector';
    this.ttlMs = options.ttlMs ?? 15_000;
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.now = options.now ?? Date.now;
  }

  get held(): boolean {
    return this.epoch !== undefined;
  }

  /** Creates the table where the read store does not manage its schema. */
  async init(): Promise<void> {
    if (!this.readStore.managedSchema) await this.readStore.transaction((tx) => tx.run(LEASE_SCHEMA), 'the projector lease table');
  }

  /** Takes the lease if it is free, expired, or already this holder's; true when held afterwards. */
  async tryAcquire(): Promise<boolean> {
    const now = this.now();
    const row = await this.readStore.transaction(async (tx) => {
      await tx.run("INSERT INTO projector_lease (name, holder, epoch, expires_at) VALUES (?, '', 0, 0) ON CONFLICT (name) DO NOTHING", [this.name]);
      // The condition is re-checked on the newest row version if another projector got there first.
      return tx.get<{ epoch: number }>(
        `UPDATE projector_lease SET epoch = CASE WHEN holder = ? THEN epoch ELSE epoch + 1 END, holder = ?, expires_at = ?
         WHERE name = ? AND (holder = ? OR expires_at < ?) RETURNING epoch`,
        [this.holder, this.holder, now + this.ttlMs, this.name, this.holder, now],
      );
    }, 'acquiring the projector lease');
    this.epoch = row ? Number(row.epoch) : undefined;
    return this.held;
  }

  /** Extends the lease; false (and no longer held) when another projector has taken it. */
  async renew(): Promise<boolean> {
    if (this.epoch === undefined) return false;
    const renewed = await this.readStore.transaction((tx) => this.extend(tx), 'renewing the projector lease');
    if (!renewed) this.epoch = undefined;
    return renewed;
  }

  /** Runs first in every batch transaction of a fenced projector: throws {@link LeaseLostError} unless the lease is still this holder's. */
  readonly fence = async (tx: ReadTx): Promise<void> => {
    if (!(await this.extend(tx))) {
      this.epoch = undefined;
      throw new LeaseLostError(this.name, this.holder);
    }
  };

  /** Gives the lease up at once, so a standby need not wait for it to expire. */
  async release(): Promise<void> {
    if (this.epoch === undefined) return;
    const epoch = this.epoch;
    this.epoch = undefined;
    await this.readStore.transaction(
      (tx) => tx.run('UPDATE projector_lease SET expires_at = 0 WHERE name = ? AND holder = ? AND epoch = ?', [this.name, this.holder, epoch]),
      'releasing the projector lease',
    );
  }

  /** Who holds the lease now, if anyone has ever held it. */
  current(): Promise<LeaseHolder | undefined> {
    return this.readStore.read(async (tx) => {
      const row = await tx.get<{ holder: string; epoch: number; expires_at: number }>('SELECT holder, epoch, expires_at FROM projector_lease WHERE name = ?', [this.name]);
      return row && { holder: row.holder, epoch: Number(row.epoch), expiresAt: Number(row.expires_at) };
    });
  }

  private async extend(tx: ReadTx): Promise<boolean> {
    if (this.epoch === undefined) return false;
    const { changes } = await tx.run('UPDATE projector_lease SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ?', [
      this.now() + this.ttlMs,
      this.name,
      this.holder,
      this.epoch,
    ]);
    return changes === 1;
  }
}
