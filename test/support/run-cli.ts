import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const ACCORD_BIN = join(root, 'bin', 'accord.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `accord` binary (bin/accord.js → dist/, built by jest's global setup) with only the
 * given Accord variables, and collects its output. `onStderr` sees progress as it comes (to kill
 * the process mid-work); the process is killed after `timeoutMs`.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { timeoutMs?: number; stdin?: string; onStderr?: (text: string, kill: (signal?: NodeJS.Signals) => void) => void } = {},
): Promise<CliRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PORT|REDIS_URL|ACCORD_(?!TEST_).*|NODE_OPTIONS)$/.test(name)),
  );
  const child = spawn(process.execPath, [ACCORD_BIN, ...args], {
    cwd: root,
    env: { ...inherited, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const kill = (signal: NodeJS.Signals = 'SIGKILL') => child.kill(signal);
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    options.onStderr?.(stderr, kill);
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    // 'close', not 'exit': it comes once the pipes have drained, with all the output.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
