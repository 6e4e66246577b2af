import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarks } from '../bench/registry';

// The benchmarks are not tests (npm run bench), but each must start, run at a tiny size and print its
// figures: `--smoke` runs the built benchmark (dist/, as npm run bench does; jest's global setup built it)
// against the real stores, servers and peers, and `--json` gives the figures to check here.

const root = join(__dirname, '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[], timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist/bench/run.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The benchmarks' temporary directories (bench/support/helpers.ts makeTempDir). */
const benchTempDirs = () => readdirSync(tmpdir()).filter((entry) => entry.startsWith('accord-bench-') && !entry.startsWith('accord-bench-smoke-'));

describe('npm run bench', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-bench-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every benchmark of the issue with --help', async () => {
    const run = await runBench(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['append-sqlite', 'append-postgres', 'rebuild', 'graphql-read', 'graphql-write', 'fanout', 'growth']) {
      expect(run.stdout).toContain(`  ${name} `);
    }
  });

  it('refuses an unknown benchmark with exit code 2', async () => {
    const run = await runBench(['--smoke', 'no-such-bench']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown benchmark: no-such-bench');
  });

  describe.each(benchmarks.map((b) => b.name))('%s at smoke size', (name) => {
    it('starts, prints its figures and a figure for every target, and cleans up', async () => {
      const json = join(dir, `${name}.json`);
      const before = new Set(benchTempDirs());
      const run = await runBench(['--smoke', '--json', json, name]);
      if (run.code !== 0) throw new Error(`exit ${run.code}\n${run.stdout}\n${run.stderr.slice(-4000)}`);
      expect(run.stdout).toContain(`== ${name}: `);
      expect(run.stdout).toMatch(/SMOKE OK: 1 benchmark\(s\) ran/);
      const result = JSON.parse(readFileSync(json, 'utf8'));
      const [outcome] = result.outcomes;
      expect(outcome.name).toBe(name);
      expect(outcome.error).toBeUndefined();
      expect(outcome.report.figures.length).toBeGreaterThan(0);
      // Every figure line the report prints holds a number, and at least one is a ratio or a rate.
      expect(outcome.report.figures.join('\n')).toMatch(/\d/);
      expect(outcome.report.checks.length).toBeGreaterThan(0);
      for (const check of outcome.report.checks) {
        expect(Number.isFinite(check.measured)).toBe(true);
        expect(check.measured).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(check.target)).toBe(true);
        expect(run.stdout).toContain(check.what);
      }
      expect(benchTempDirs().filter((d) => !before.has(d))).toEqual([]);
      // Progress goes to stderr, figures to stdout.
      expect(run.stderr).toContain(`[${name}] started`);
    }, 120_000);
  });
});
