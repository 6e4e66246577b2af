/**
 * `npm run bench [-- [--smoke] [--json <file>] <name>…]`: runs the benchmarks (default: all, in the
 * order below) and prints, for each, its figures, its ratios against the baselines measured in the
 * same run, and its checks against the targets; then a summary of every check.
 *
 * A report, not a test: the exit code is 0 even when a target is missed (FAIL is printed). It is 2
 * for a usage error and 1 if a benchmark crashes (the others still run). `--smoke` runs every
 * benchmark at a tiny size (the CI smoke test): figures are printed, targets are not judged.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchmarks } from './registry';
import { describeCheck, passes, type BenchContext, type BenchReport, type BenchSize, type Benchmark, type Check } from './support/framework';

interface Options {
  names: string[];
  size: BenchSize;
  json?: string;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { names: [], size: 'full', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    else if (arg === '--smoke') options.size = 'smoke';
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--json') {
      options.json = argv[++i];
      if (!options.json) throw new UsageError('--json needs a file name');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.names.push(arg);
  }
  const unknown = options.names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) throw new UsageError(`unknown benchmark: ${unknown.join(', ')}`);
  return options;
}

class UsageError extends Error {}

function usage(): string {
  const width = Math.max(...benchmarks.map((b) => b.name.length));
  return [
    'usage: npm run bench [-- [--smoke] [--json <file>] <name>…]',
    '',
    ...benchmarks.map((b) => `  ${b.name.padEnd(width)}  ${b.description} (${b.expected})`),
    '',
    '  --smoke        tiny sizes: proves each benchmark starts and prints its figures; targets not judged',
    '  --json <file>  also write the figures and checks as JSON',
  ].join('\n');
}

interface Outcome {
  name: string;
  seconds: number;
  report?: BenchReport;
  error?: string;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage()}`);
    return 2;
  }
  if (options.help) {
    console.log(usage());
    return 0;
  }
  const selected = options.names.length === 0 ? benchmarks : benchmarks.filter((b) => options.names.includes(b.name));

  console.log(`Accord benchmarks${options.size === 'smoke' ? ' (SMOKE size: figures only, targets not judged)' : ''}: ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}\n`);

  const context = makeContext(options.size);
  const outcomes: Outcome[] = [];
  const started = Date.now();
  try {
    for (const bench of selected) outcomes.push(await runOne(bench, context, options.size));
  } finally {
    await context.cleanup();
  }

  printSummary(outcomes, options.size, (Date.now() - started) / 1000);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ at: new Date().toISOString(), node: process.version, size: options.size, outcomes }, null, 2));
  }
  return outcomes.some((o) => o.error) ? 1 : 0;
}

function makeContext(size: BenchSize): BenchContext & { cleanup(): Promise<void> } {
  const made = new Map<string, Promise<unknown>>();
  const cleanups: Array<() => Promise<void> | void> = [];
  return {
    size,
    pick: (full, smoke) => (size === 'full' ? full : smoke),
    shared<T>(key: string, make: () => Promise<T>): Promise<T> {
      if (!made.has(key)) made.set(key, make());
      return made.get(key) as Promise<T>;
    },
    onCleanup: (cleanup) => void cleanups.push(cleanup),
    async cleanup() {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          console.error(`cleanup failed: ${String(error)}`);
        }
      }
    },
  };
}

async function runOne(bench: Benchmark, context: BenchContext, size: BenchSize): Promise<Outcome> {
  console.log(`== ${bench.name}: ${bench.description}`);
  console.error(`[${bench.name}] started (${size === 'smoke' ? 'smoke size' : bench.expected})`);
  const started = Date.now();
  try {
    const report = await bench.run(context);
    const seconds = (Date.now() - started) / 1000;
    for (const line of report.figures) console.log(`  ${line}`);
    for (const note of report.notes ?? []) console.log(`  note: ${note}`);
    for (const check of report.checks) console.log(`  ${verdict(check, size).padEnd(5)} ${describeCheck(check)}`);
    console.log(`  (${seconds.toFixed(1)} s)\n`);
    return { name: bench.name, seconds, report };
  } catch (error) {
    const seconds = (Date.now() - started) / 1000;
    console.log(`  CRASHED after ${seconds.toFixed(1)} s: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return { name: bench.name, seconds, error: String(error) };
  }
}

function verdict(check: Check, size: BenchSize): string {
  if (size === 'smoke') return '-';
  return passes(check) ? 'PASS' : 'FAIL';
}

function printSummary(outcomes: readonly Outcome[], size: BenchSize, seconds: number): void {
  console.log('== summary');
  const rows: string[][] = [];
  for (const o of outcomes) {
    if (o.error) rows.push([o.name, 'CRASHED', o.error.split('\n')[0]]);
    for (const check of o.report?.checks ?? []) rows.push([o.name, verdict(check, size), describeCheck(check)]);
  }
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), 4));
  for (const row of rows) console.log(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  const checks = outcomes.flatMap((o) => o.report?.checks ?? []);
  const failed = checks.filter((c) => !passes(c));
  const crashed = outcomes.filter((o) => o.error);
  let line: string;
  if (crashed.length > 0) line = `CRASHED: ${crashed.map((o) => o.name).join(', ')}`;
  else if (size === 'smoke') line = `SMOKE OK: ${outcomes.length} benchmark(s) ran and printed ${checks.length} figure(s) with targets`;
  else line = failed.length === 0 ? 'ALL TARGETS MET' : `${failed.length} of ${checks.length} targets missed`;
  console.log(`\n${line} (${seconds.toFixed(1)} s)`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
