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

  /**
   * Takes over the lease from `dead` at once, without waiting for it to expire, when the row still
   * names that holder and epoch. For a holder known to be gone (see {@link holderProcessGone}); the
   * epoch still fences it, so a wrong guess costs the other holder its lease, never a double write.
   */
  async takeOverFrom(dead: LeaseHolder): Promise<boolean> {
    const row = await this.readStore.transaction(
      (tx) =>
        tx.get<{ epoch: number }>('UPDATE projector_lease SET epoch = epoch + 1, holder = ?, expires_at = ? WHERE name = ? AND holder = ? AND epoch = ? RETURNING epoch', [
          this.holder,
          this.now() + this.ttlMs,
          this.name,
          dead.holder,
          dead.epoch,
        ]),
      'taking over the projector lease',
    );
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
    // RETURNING read with `get`, not `changes`: a batch transaction may defer its `run`s (see TransactionOptions).
    const extended = await tx.get('UPDATE projector_lease SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ? RETURNING epoch', [
      this.now() + this.ttlMs,
      this.name,
      this.holder,
      this.epoch,
    ]);
    return extended !== undefined;
  }
}

/**
 * True when `holder` (host:pid:random, the default holder name) is a process of this host that no
 * longer exists: a projector killed with SIGKILL leaves its lease behind, and a restart on the same
 * host need not wait out the lease period. Anything else (another host, a live or unknowable pid)
 * is false, and the lease is waited out as before.
 */
export function holderProcessGone(holder: string): boolean {
  const owner = /^(.*):(\d+):[^:]*$/.exec(holder);
  if (!owner || owner[1] !== hostname() || Number(owner[2]) === process.pid) return false;
  try {
    process.kill(Number(owner[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
