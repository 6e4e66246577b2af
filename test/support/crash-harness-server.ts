import type { ChildProcess } from 'node:child_process';
import { listeningPort, spawnApp } from './run-api-process';

/** What `/health` reports; only the parts the harness reads. */
export interface HealthReport {
  status: string;
  headPosition?: number;
  projections?: Array<{ name: string; checkpoint: number; state?: string }>;
  processManagers?: Array<{ name: string; position: number }>;
  reasons?: string[];
}

const OUTPUT_LINES_KEPT = 200;

/** The real API server in a process of its own (`apps/api/src/main.ts`), which the harness kills. */
export class ServerProcess {
  private readonly output: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedAlready = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter((line) => line.length > 0));
      if (this.output.length > OUTPUT_LINES_KEPT) this.output.splice(0, this.output.length - OUTPUT_LINES_KEPT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitedAlready = true;
        resolve({ code, signal });
      }),
    );
  }

  /** Spawns the server with `env` and resolves once it listens and `/health` is 200. */
  static async start(env: Record<string, string>, timeoutMs = 60_000): Promise<{ server: ServerProcess; healthyMs: number }> {
    const startedAt = Date.now();
    const child = spawnApp('api', { ...env, PORT: '0' });
    let early = '';
    const collect = (chunk: Buffer) => (early += chunk);
    child.stderr?.on('data', collect);
    let port: number;
    try {
      port = await Promise.race([
        listeningPort(child, timeoutMs),
        new Promise<never>((_, reject) => child.on('exit', (code, signal) => reject(new Error(`server exited (${signal ?? code}) before listening:\n${early}`)))),
      ]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    child.stderr?.off('data', collect);
    const server = new ServerProcess(child, port);
    server.output.push(...early.split('\n').filter((line) => line.length > 0));
    await server.until((health) => health?.status === 'ok', 'a healthy /health', timeoutMs - (Date.now() - startedAt));
    return { server, healthyMs: Date.now() - startedAt };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the server printed, for a failure report. */
  recentOutput(): string {
    return this.output.join('\n');
  }

  async health(): Promise<HealthReport | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(5_000) });
      return (await response.json()) as HealthReport;
    } catch {
      return undefined;
    }
  }

  /** Resolves once every projection and process manager has applied the head that `/health` reports. */
  async untilCaughtUp(timeoutMs = 60_000): Promise<HealthReport> {
    return this.until((health) => health !== undefined && caughtUp(health), 'projections and process managers at the head', timeoutMs);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (!this.exitedAlready) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and waits for a clean exit (status 0). */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exitedAlready) throw new Error('the server had already exited');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the server did not stop cleanly on SIGTERM (${signal ?? `exit ${code}`}):\n${this.recentOutput()}`);
  }

  private async until(ok: (health: HealthReport | undefined) => boolean, what: string, timeoutMs: number): Promise<HealthReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitedAlready) throw new Error(`the server exited while waiting for ${what}:\n${this.recentOutput()}`);
      const health = await this.health();
      if (ok(health)) return health!;
      if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms; last: ${JSON.stringify(health)}\n${this.recentOutput()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function caughtUp(health: HealthReport): boolean {
  if (health.status !== 'ok' || health.headPosition === undefined) return false;
  const head = health.headPosition;
  return (health.projections ?? []).every((p) => p.checkpoint >= head) && (health.processManagers ?? []).every((m) => m.position >= head);
}
