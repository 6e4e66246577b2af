import { Episodes } from './crash-harness-episodes';
import type { Rng } from './crash-harness-rng';
import { BudgetSpent, type Traffic } from './crash-harness-traffic';
import { World } from './crash-harness-world';

/**
 * `concurrency` clients, each running episodes one after another until the run's mutations are all
 * sent: founding firms, checks, disagreements, decisions, members joining. Several clients work on
 * the same firms at once.
 */
export class Workload {
  readonly world = new World();

  constructor(
    private readonly rng: Rng,
    private readonly traffic: Traffic,
    private readonly concurrency: number,
  ) {}

  /** Resolves when every client has stopped: the budget is spent. */
  run(): Promise<void> {
    return Promise.all(Array.from({ length: this.concurrency }, (_, i) => this.client(this.rng.fork(`client-${i}`)))).then(() => undefined);
  }

  private async client(rng: Rng): Promise<void> {
    const episodes = new Episodes(rng, this.world, this.traffic);
    const enoughFirms = Math.max(2, Math.ceil(this.concurrency / 2));
    try {
      for (;;) {
        const firms = this.world.usableFirms();
        if (firms.length < enoughFirms || rng.chance(0.03)) {
          await episodes.foundFirm();
          continue;
        }
        const firm = rng.pick(firms);
        const episode = rng.weighted({ check: 40, decide: 30, disagree: 20, join: 4 });
        if (episode === 'check') await episodes.runCheck(firm);
        else if (episode === 'decide') await episodes.decide(firm);
        else if (episode === 'disagree') await episodes.raiseDisagreement(firm);
        else await episodes.join(firm);
      }
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
    }
  }
}
