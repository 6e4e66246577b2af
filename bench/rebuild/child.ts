import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** From `dist/` when the benchmarks run built, from the TypeScript sources through swc otherwise. */
const fromSources = __filename.endsWith('.ts');
const root = join(__dirname, '../..');
const swcRegister = join(root, 'libs/testing/src/swc-register.js');

export interface ChildRun {
  stdout: string;
  stderr: string;
  /** From spawn to exit, start-up included. */
  wallSeconds: number;
  /** The child's peak resident set (VmHWM), polled from /proc every 50 ms; NaN where /proc is missing. */
  peakRssBytes: number;
  /** User + system CPU, last read before exit. */
  cpuSeconds: number;
}

/** `accord <args>` as the user runs it: dist/apps/cli/src/main.js (built), or apps/cli/src/main.ts from sources. */
export function runAccord(args: string[], env: Record<string, string>, onProgress?: (done: number, total: number) => void): Promise<ChildRun> {
  // The CLI's progress lines on standard error: `…: 20000/274948 events (7%) | …`.
  const onStderr = onProgress && ((chunk: string) => {
    const matches = [...chunk.matchAll(/(\d+)\/(\d+) events/g)];
    const last = matches.at(-1);
    if (last) onProgress(Number(last[1]), Number(last[2]));
  });
  return runNode(join(root, fromSources ? 'apps/cli/src/main.ts' : 'apps/cli/src/main.js'), args, env, onStderr);
}

/** The baseline reader, bench/rebuild/read-log.ts. */
export function runReadLog(env: Record<string, string>): Promise<ChildRun> {
  return runNode(join(__dirname, fromSources ? 'read-log.ts' : 'read-log.js'), [], env);
}

/** Runs a Node script with exactly `env` on top of the shell's non-Accord variables; rejects on a non-zero exit. */
function runNode(script: string, args: string[], env: Record<string, string>, onStderr?: (chunk: string) => void): Promise<ChildRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ACCORD_.*|NODE_OPTIONS)$/.test(name)));
  const execArgv = fromSources ? ['-r', swcRegister] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, script, ...args], { cwd: root, env: { ...inherited, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    onStderr?.(chunk.toString());
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  let peakRssBytes = Number.NaN;
  let cpuSeconds = Number.NaN;
  const poll = () => {
    const status = readProc(child.pid, 'status');
    const hwm = status && /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) peakRssBytes = Math.max(Number.isNaN(peakRssBytes) ? 0 : peakRssBytes, Number(hwm[1]) * 1024);
    const stat = readProc(child.pid, 'stat');
    if (stat) {
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ 100
    }
  };
  const timer = setInterval(poll, 50);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr}${stdout}`));
      else resolve({ stdout, stderr, wallSeconds, peakRssBytes, cpuSeconds });
    });
  });
}

function readProc(pid: number | undefined, file: string): string | undefined {
  if (pid === undefined) return undefined;
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
