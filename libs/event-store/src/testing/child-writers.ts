import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventStore } from '../types';
import type { ContractHarness } from './contract-harness';

const CHILD = join(__dirname, 'append-child.ts');
const REGISTER = resolve(__dirname, '../../../testing/src/swc-register.js');

export interface Child {
  acknowledged: string[];
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
  firstAck: Promise<void>;
}

export function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: string[] = [];
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  let onFirstAck!: () => void;
  const firstAck = new Promise<void>((r) => (onFirstAck = r));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const received = (pending + chunk).split('\n');
    pending = received.pop()!;
    for (const line of received) {
      lines.push(line);
      if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
    }
    if (acknowledged.length > 0) onFirstAck();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolveExit) =>
    child.on('close', (code, signal) => resolveExit({ code, signal, stderr })),
  );
  return { acknowledged, lines, exited, kill: () => child.kill('SIGKILL'), firstAck };
}

/** The contract's multi-process capabilities for a durable store that a child process opens by URL. */
export function childProcessWriters(urlOf: (store: EventStore) => string, scratchDir: string): Pick<ContractHarness, 'externalWriters' | 'racingProcesses'> {
  let n = 0;
  return {
    externalWriters: async (store, writers, eventsEach) => {
      const children = Array.from({ length: writers }, () => startChild(['count', urlOf(store), String(eventsEach)]));
      for (const child of children) {
        const { code, stderr } = await child.exited;
        if (code !== 0) throw new Error(`writer exited with ${code}: ${stderr}`);
      }
      return { acknowledged: children.map((c) => c.acknowledged) };
    },
    racingProcesses: async (store, stream, expected, processes) => {
      const go = join(scratchDir, `go-${process.pid}-${++n}`);
      const children = Array.from({ length: processes }, () => startChild(['race', urlOf(store), stream, String(expected), go]));
      while (!children.every((c) => c.lines.includes('ready'))) {
        const dead = await Promise.race([new Promise((r) => setTimeout(r, 5)), ...children.map((c) => c.exited)]);
        if (dead) throw new Error(`racer died: ${(dead as { stderr: string }).stderr}`);
      }
      writeFileSync(go, '');
      const outcomes: string[] = [];
      for (const child of children) {
        const { code, stderr } = await child.exited;
        if (code !== 0) throw new Error(`racer exited with ${code}: ${stderr}`);
        outcomes.push(...child.lines.filter((line) => line !== 'ready'));
      }
      return outcomes;
    },
  };
}

/** Starts a child appending in a loop to the store at `url`, SIGKILLs it after `killAfterMs`; returns what it acknowledged. */
export async function appendThenKill(url: string, killAfterMs: number): Promise<string[]> {
  const child = startChild(['loop', url]);
  await Promise.race([child.firstAck, child.exited.then((e) => Promise.reject(new Error(`writer died: ${e.stderr}`)))]);
  await new Promise((r) => setTimeout(r, killAfterMs));
  child.kill();
  const { signal } = await child.exited;
  if (signal !== 'SIGKILL') throw new Error(`writer was not killed but ended with ${signal}`);
  return child.acknowledged;
}
