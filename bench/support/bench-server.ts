import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { RATE_LIMITS_OFF } from '../../apps/api/src/config/load-config';
import type { ServerReply, ServerRequest } from './server-main';

/**
 * The real API server in a process of its own, so the load generator (autocannon, WebSocket
 * clients) and the server do not share one event loop. From `dist/` when the benchmarks run built
 * (`npm run bench`), from the TypeScript sources through swc when they run from sources (the
 * smoke test, `node -r ./libs/testing/src/swc-register.js bench/run.ts`).
 */
export interface BenchServer {
  port: number;
  httpUrl: string;
  wsUrl: string;
  /** Heap used after two full GCs, resident set size, in bytes. */
  memory(): Promise<{ heapUsed: number; rss: number; external: number }>;
  /** The server's own CPU time so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const fromSources = __filename.endsWith('.ts');

/**
 * Starts the server with exactly `env` on top of PATH/HOME (no ACCORD_* leaks in from the shell), rate
 * limits off unless `env` sets them.
 * `execArgv` adds Node flags for the child, e.g. `--cpu-prof --cpu-prof-dir=…` to profile it.
 */
export async function startBenchServer(env: Record<string, string>, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<BenchServer> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PORT|REDIS_URL|ACCORD_.*|NODE_OPTIONS)$/.test(name)));
  const entry = join(__dirname, fromSources ? 'server-main.ts' : 'server-main.js');
  const execArgv = ['--expose-gc', ...(fromSources ? ['-r', join(__dirname, '../../libs/testing/src/swc-register.js')] : []), ...(options.execArgv ?? [])];
  const child = fork(entry, [], { env: { ...inherited, NO_COLOR: '1', ...RATE_LIMITS_OFF, ...env }, execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${stderr}`)), options.timeoutMs ?? 60_000);
    child.on('message', (reply: ServerReply) => {
      if (reply.type === 'listening') {
        clearTimeout(timer);
        resolve(reply.port);
      } else if (reply.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`server failed to start: ${reply.error}\n${stderr}`));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  child.removeAllListeners('exit');
  // A server that dies under load would otherwise only show as "fetch failed" in the benchmark.
  child.on('exit', (code, signal) => {
    if (code !== 0) process.stderr.write(`\nbench server (pid ${child.pid}) exited (${code ?? signal}):\n${stderr.slice(-4000)}\n`);
  });
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    memory: () => request(child, { type: 'memory' }),
    cpuMs: () => cpuOf(child),
    stop: () => stop(child),
  };
}

function request(child: ChildProcess, message: ServerRequest): Promise<{ heapUsed: number; rss: number; external: number }> {
  return new Promise((resolve) => {
    const onMessage = (reply: ServerReply) => {
      if (reply.type !== 'memory') return;
      child.off('message', onMessage);
      resolve(reply);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** User + system CPU of the child from /proc (Linux), in ms; NaN elsewhere. */
function cpuOf(child: ChildProcess): number {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stat: string = require('node:fs').readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies ServerRequest);
  });
}

/** POSTs a GraphQL operation; throws on a transport error, returns the parsed body. */
export async function gql<Data = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: Data; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

/** {@link gql}, but errors throw: for seeding, where any error means the benchmark is wrong. */
export async function gqlOk<Data = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Data> {
  const result = await gql<Data>(url, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`${query.slice(0, 80)}…: ${JSON.stringify(result.errors)}`);
  return result.data;
}
