import { ConfigError } from '@accord/event-store';
import type { Logger } from '@accord/projections';
import { ProjectionRunner, ProjectorLease, holderProcessGone } from '@accord/projections';
import { ReactionRunner } from '@accord/platform';

/** Something that runs only while this process holds the projector lease (the live publisher). */
export interface LeasedService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type ProjectorState = 'starting' | 'standby' | 'active' | 'stopped';

export interface ProjectorHostOptions {
  /**
   * `standby`: wait for the lease as long as it takes (the projector process: a second one is a hot
   * standby). `fail`: give up once a crashed holder's lease would have expired (an API running its
   * own projections: another process already runs them, so this one is misconfigured).
   */
  whenTaken: 'standby' | 'fail';
  logger: Logger;
}

/** Raised when an API with ACCORD_PROJECTOR=internal finds another process running the projections. */
export class ProjectorLeaseTakenError extends ConfigError {
  override readonly name = 'ProjectorLeaseTakenError';
}

/**
 * Runs the projections, the process managers and the given services while this process holds the
 * projector lease: renews it every third of its lifetime, and stops everything at once when a renewal
 * finds it taken (the projections' own fence already refuses their next batch by then).
 */
export class ProjectorHost {
  state: ProjectorState = 'starting';
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly lease: ProjectorLease,
    private readonly projections: ProjectionRunner,
    private readonly reactions: ReactionRunner,
    private readonly services: readonly LeasedService[],
    private readonly options: ProjectorHostOptions,
  ) {}

  get holder(): string {
    return this.lease.holder;
  }

  async start(): Promise<void> {
    await this.lease.init();
    if (await this.lease.tryAcquire()) return this.activate().then(() => this.schedule());
    const current = await this.lease.current();
    if (current && holderProcessGone(current.holder) && (await this.lease.takeOverFrom(current))) {
      this.options.logger.warn(`projector lease taken over from ${current.holder}: its process is gone`);
      return this.activate().then(() => this.schedule());
    }
    if (this.options.whenTaken === 'fail') {
      const deadline = Math.max(Date.now(), current?.expiresAt ?? 0) + 1000;
      this.options.logger.warn(`projector lease held by ${current?.holder}; waiting until ${new Date(deadline).toISOString()} in case it is a crashed process`);
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        if (await this.lease.tryAcquire()) return this.activate().then(() => this.schedule());
      }
      const holder = (await this.lease.current())?.holder;
      throw new ProjectorLeaseTakenError(
        'ACCORD_PROJECTOR',
        `ACCORD_PROJECTOR: another process (${holder}) runs the projections on this store; set ACCORD_PROJECTOR=external on this instance to share the store with it`,
      );
    }
    this.state = 'standby';
    this.options.logger.log(`standing by: projector lease held by ${current?.holder}`);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking;
    if (this.state === 'active') await this.deactivate();
    await this.lease.release().catch((error: Error) => this.options.logger.warn(`could not release the projector lease: ${error.message}`));
    this.state = 'stopped';
  }

  private async activate(): Promise<void> {
    this.options.logger.log(`holding the projector lease as ${this.lease.holder}: running projections and process managers`);
    await this.projections.start();
    await this.reactions.start();
    for (const service of this.services) await service.start();
    this.state = 'active';
  }

  private async deactivate(): Promise<void> {
    for (const service of [...this.services].reverse()) await service.stop();
    await this.reactions.stop();
    await this.projections.stop();
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        this.schedule();
      });
    }, this.lease.ttlMs / 3);
  }

  private async tick(): Promise<void> {
    try {
      if (this.state === 'active') {
        if (await this.lease.renew()) return;
        this.options.logger.error('projector lease lost to another process: stopping projections and process managers');
        await this.deactivate();
        this.state = 'standby';
      } else if (this.state === 'standby' && (await this.lease.tryAcquire())) {
        await this.activate();
      }
    } catch (error) {
      this.options.logger.error(`projector lease: ${(error as Error).message}`);
    }
  }
}
