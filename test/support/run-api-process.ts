import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { RATE_LIMITS_OFF } from '../../apps/api/src/config/load-config';

const root = join(__dirname, '..', '..');

/** The server as `npm start` runs it, but from the TypeScript sources (see swc-register.js for why). */
export function spawnApi(env: Record<string, string>): ChildProcess {
  return spawnApp('api', env);
}

/** `apps/<app>/src/main.ts` in a process of its own, with only the given Accord variables (and rate limits off unless given). */
export function spawnApp(app: 'api' | 'projector', env: Record<string, string>): ChildProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PORT|REDIS_URL|ACCORD_.*|NODE_OPTIONS)$/.test(name)),
  );
  return spawn(process.execPath, ['-r', join(root, 'libs/testing/src/swc-register.js'), join(root, `apps/${app}/src/main.ts`)], {
    cwd: root,
    env: { ...inherited, NO_COLOR: '1', ...RATE_LIMITS_OFF, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects the output of a child until it exits; kills it after `timeoutMs`. */
export function untilExit(child: ChildProcess, timeoutMs = 20_000): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Resolves with the port once the child logs that it listens. */
export function listeningPort(child: ChildProcess, timeoutMs = 20_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const port = /listening on port (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
  });
}
