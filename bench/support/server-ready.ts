import { startBenchServer, type BenchServer } from './bench-server';

/** How long the head must stay put to count as quiet. */
const QUIET_MS = 1_000;

/**
 * Waits until a benchmark server over a seeded world is quiet: every projection and process manager
 * at the head, and the head unmoved for a second. Measuring earlier would time catching up, not
 * serving. (The seeded worlds are not overdue, so the first overdue scan, 5 s after start, appends
 * nothing: test/bench-world.e2e-spec.ts.)
 */
export async function waitUntilQuiet(httpUrl: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let quietSince: { head: number; at: number } | undefined;
  while (Date.now() < deadline) {
    const { ok, health } = await fetchHealth(httpUrl);
    last = JSON.stringify(health).slice(0, 500);
    const head = health.headPosition;
    const caughtUp =
      ok && health.status === 'ok' && head !== undefined &&
      [...(health.projections ?? []), ...(health.processManagers ?? [])].every((p) => (p.checkpoint ?? p.position ?? -1) >= head);
    if (!caughtUp || quietSince?.head !== head) quietSince = caughtUp ? { head: head!, at: Date.now() } : undefined;
    else if (Date.now() - quietSince.at >= QUIET_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become quiet in ${timeoutMs / 1000} s: ${last}`);
}

interface HealthBody {
  status: string;
  headPosition?: number;
  projections?: Array<{ checkpoint?: number; position?: number }>;
  processManagers?: Array<{ checkpoint?: number; position?: number }>;
}

/** A reset connection (a kept-alive socket the busy server closed) counts as not ready yet. */
async function fetchHealth(httpUrl: string): Promise<{ ok: boolean; health: HealthBody }> {
  try {
    const response = await fetch(`${httpUrl}/health`);
    return { ok: response.ok, health: (await response.json()) as HealthBody };
  } catch (error) {
    return { ok: false, health: { status: `unreachable: ${(error as Error).message}` } };
  }
}

/** {@link startBenchServer}, then {@link waitUntilQuiet}; the server is stopped if it never gets quiet. */
export async function startQuietServer(env: Record<string, string>, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<BenchServer> {
  const server = await startBenchServer(env, options);
  try {
    await waitUntilQuiet(server.httpUrl, options.timeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
