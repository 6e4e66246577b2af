import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkThroughApi } from './crash-harness-api';
import { inspectStores } from './crash-harness-inspect';
import { Ledger } from './crash-harness-ledger';
import { Rng } from './crash-harness-rng';
import { ServerProcess } from './crash-harness-server';
import { crashTarget, type CrashTarget } from './crash-harness-target';
import { Traffic } from './crash-harness-traffic';
import { Workload } from './crash-harness-workload';

export interface CrashHarnessOptions {
  seed: number;
  /** Mutations sent in all (acknowledged, refused or lost). */
  mutations: number;
  /** SIGKILLs, spread over the run at random moments. */
  kills: number;
  /** Clients sending mutations at the same time. */
  concurrency: number;
  store: 'sqlite' | 'postgres';
  /**
   * ACCORD_PROJECTOR_LEASE_SECONDS for the server (default: the server's, 15). A restarted server waits
   * until the killed one's projector lease expires, so this bounds the recovery time.
   */
  leaseSeconds?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  /** Mutations sent when the server was killed, and how many of them were in flight. */
  killedAtSent: number;
  inFlightAtKill: number;
  acknowledgedSoFar: number;
  eventsInLog: number;
  /** Checks of the stores with the server down, then through the restarted server. */
  offlineCheckMs: number;
  apiCheckMs: number;
  /** From spawning the server to /health 200, and to every projection and process manager at the head. */
  healthyMs: number;
  caughtUpMs: number;
  problems: string[];
}

export interface CrashReport {
  options: CrashHarnessOptions;
  sent: number;
  acknowledged: number;
  rejected: Record<string, number>;
  lostInFlight: number;
  acknowledgedByKind: Record<string, number>;
  firms: number;
  eventsInLog: number;
  kills: number;
  rounds: RoundReport[];
  final: { offlineCheckMs: number; problems: string[] };
  /** Refusals the workload does not cause and connections failing while the server was up (samples). */
  unexpected: string[];
  /** Time the clients were sending (the server up and not being checked), and the whole run. */
  trafficMs: number;
  totalMs: number;
  /** Every check that failed, with its round; empty when the run proved what it should. */
  failures: string[];
}

/**
 * Runs the real server as a process of its own and drives mutations at it from `concurrency`
 * clients, killing it with SIGKILL `kills` times at random moments while mutations are in flight.
 * After each kill, with the server down, it inspects the stores (every acknowledged mutation in the
 * log, checkpoints never ahead of their data nor of the head, reactions done up to their checkpoints,
 * hash chains intact); then restarts the server on the same stores and checks through the API
 * (verifyIntegrity of every firm, acknowledged mutations visible). At the end it stops the server
 * cleanly and compares the read models with a full rebuild, row for row.
 */
export async function runCrashHarness(options: CrashHarnessOptions): Promise<CrashReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'accord-crash-'));
  const target = await crashTarget(options.store, scratch);
  try {
    return await new CrashRun(options, target).run();
  } finally {
    await target.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

class CrashRun {
  private readonly startedAt = Date.now();
  private readonly log: (line: string) => void;
  private readonly killRng: Rng;
  private readonly ledger = new Ledger();
  private readonly traffic: Traffic;
  private readonly workload: Workload;
  private readonly env: Record<string, string>;
  private readonly thresholds: number[];
  private readonly rounds: RoundReport[] = [];
  private readonly failures: string[] = [];
  private server?: ServerProcess;
  /** The kills, one after the other. */
  private killing: Promise<void> = Promise.resolve();
  private crashError?: unknown;

  constructor(
    private readonly options: CrashHarnessOptions,
    private readonly target: CrashTarget,
  ) {
    const rng = new Rng(options.seed);
    this.log = options.log ?? (() => undefined);
    this.killRng = rng.fork('kills');
    this.traffic = new Traffic(options.mutations, this.ledger);
    this.workload = new Workload(rng.fork('workload'), this.traffic, options.concurrency);
    this.env = { ...target.env, ...(options.leaseSeconds ? { ACCORD_PROJECTOR_LEASE_SECONDS: String(options.leaseSeconds) } : {}) };
    this.thresholds = killThresholds(this.killRng, options.mutations, options.kills);
  }

  async run(): Promise<CrashReport> {
    const { options, traffic } = this;
    this.log(
      `crash harness: seed ${options.seed}, ${options.mutations} mutations, ${options.kills} kills, ${options.concurrency} clients, ` +
        `projector lease ${options.leaseSeconds ? `${options.leaseSeconds} s` : "the server's default"}, ${this.target.description}`,
    );
    try {
      this.server = (await ServerProcess.start(this.env)).server;
      traffic.onSent = (sent) => this.maybeKill(sent);
      traffic.open(this.server.url);
      await this.workload.run();
      await this.killing;
      if (this.crashError) throw this.crashError;
      traffic.close();
      return await this.finish();
    } catch (error) {
      if (this.server) this.log(`server output before the failure:\n${this.server.recentOutput()}`);
      throw error;
    } finally {
      await this.server?.kill().catch(() => undefined);
    }
  }

  /** Once `sent` reaches the next threshold: a kill a few milliseconds later, so it lands anywhere in the requests in flight. */
  private maybeKill(sent: number): void {
    if (this.thresholds.length === 0 || sent < this.thresholds[0]) return;
    this.thresholds.shift();
    this.traffic.killing = true;
    const delay = this.killRng.int(0, 15);
    this.killing = this.killing
      .then(() => new Promise((resolve) => setTimeout(resolve, delay)))
      .then(async () => {
        const round = await this.crashAndRecover(this.rounds.length + 1);
        this.rounds.push(round);
        this.failures.push(...round.problems.map((p) => `round ${round.round}: ${p}`));
        this.log(progressLine(round, this.options, this.traffic));
      })
      .catch((error) => {
        this.crashError ??= error;
        this.thresholds.length = 0;
        this.traffic.stop();
        this.traffic.open(this.server?.url ?? '');
      });
  }

  private async crashAndRecover(round: number): Promise<RoundReport> {
    const { traffic } = this;
    traffic.close();
    const killedAtSent = traffic.sent;
    const inFlightAtKill = traffic.inFlightCount;
    await this.server!.kill();
    await traffic.drain();
    const offline = await timed(() => inspectStores(this.target, this.ledger, { final: false }));
    const spawnedAt = Date.now();
    const started = await ServerProcess.start(this.env);
    this.server = started.server;
    await this.server.untilCaughtUp();
    const caughtUpMs = Date.now() - spawnedAt;
    const api = await timed(() => checkThroughApi(started.server.url, this.ledger, offline.value.eventsByFirm));
    traffic.round = round;
    traffic.killing = false;
    traffic.open(this.server.url);
    return {
      round,
      killedAtSent,
      inFlightAtKill,
      acknowledgedSoFar: traffic.acknowledged,
      eventsInLog: offline.value.head,
      offlineCheckMs: offline.ms,
      apiCheckMs: api.ms,
      healthyMs: started.healthyMs,
      caughtUpMs,
      problems: [...offline.value.problems, ...api.value],
    };
  }

  /** After the last mutation: the API once more, a clean stop, and the stores against a full rebuild. */
  private async finish(): Promise<CrashReport> {
    const { traffic, failures, server } = this;
    await server!.untilCaughtUp();
    failures.push(...(await checkThroughApi(server!.url, this.ledger, new Map())).map((p) => `after the last mutation: ${p}`));
    await server!.stop();
    const final = await timed(() => inspectStores(this.target, this.ledger, { final: true }));
    failures.push(...final.value.problems.map((p) => `after a clean stop: ${p}`));
    failures.push(...traffic.unexpected.map((p) => `unexpected: ${p}`));
    if (traffic.unexpectedCount > traffic.unexpected.length) failures.push(`unexpected: … ${traffic.unexpectedCount} in all`);
    if (this.rounds.length < this.options.kills) failures.push(`only ${this.rounds.length} of ${this.options.kills} kills happened`);
    return {
      options: this.options,
      sent: traffic.sent,
      acknowledged: traffic.acknowledged,
      rejected: traffic.rejected,
      lostInFlight: traffic.lost,
      acknowledgedByKind: this.ledger.countsByKind(),
      firms: this.ledger.firmTokens.size,
      eventsInLog: final.value.head,
      kills: this.rounds.length,
      rounds: this.rounds,
      final: { offlineCheckMs: final.ms, problems: final.value.problems },
      unexpected: traffic.unexpected,
      trafficMs: traffic.openMs,
      totalMs: Date.now() - this.startedAt,
      failures,
    };
  }
}

/** Sent-mutation counts at which to kill: one per equal slice of the run, placed at random within it. */
function killThresholds(rng: Rng, mutations: number, kills: number): number[] {
  const slice = mutations / (kills + 1);
  const thresholds: number[] = [];
  for (let i = 1; i <= kills; i++) {
    const at = Math.round(i * slice + (rng.next() - 0.5) * 0.8 * slice);
    thresholds.push(Math.min(mutations - 1, Math.max(thresholds[thresholds.length - 1] ?? 0, at, 1)));
  }
  return thresholds;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

function progressLine(round: RoundReport, options: CrashHarnessOptions, traffic: Traffic): string {
  const seconds = traffic.openMs / 1000;
  const status = round.problems.length === 0 ? 'all checks passed' : `${round.problems.length} PROBLEMS: ${round.problems[0]}`;
  return (
    `round ${round.round}/${options.kills}: killed at ${round.killedAtSent} sent (${round.inFlightAtKill} in flight); ` +
    `${traffic.acknowledged} acknowledged (${Math.round(traffic.acknowledged / seconds)}/s while sending), ${traffic.lost} lost in flight; ` +
    `log ${round.eventsInLog} events; checked offline in ${round.offlineCheckMs} ms, through the API in ${round.apiCheckMs} ms; ` +
    `healthy after ${round.healthyMs} ms, caught up after ${round.caughtUpMs} ms; ${status}`
  );
}
