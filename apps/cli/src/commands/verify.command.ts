import type { Command } from 'commander';
import {
  ExportFileError, firstBadLine, openExportFile, stdinExport, verifyExportLines, verifyFirmInStore,
  type ExportSource, type ExportVerification, type FirmStoreVerification,
} from '@accord/audit';
import { redact } from '@accord/event-store';
import { oneLine, withStores } from '../cli-stores';
import { CliError, EXIT, failure, usageError } from '../exit-codes';
import { Progress } from '../progress';
import { interruptible } from '../interruptible';

interface VerifyOptions {
  firm?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Heads listed in the text summary; --json lists them all. */
const HEADS_SHOWN = 25;
const PROBLEMS_SHOWN = 20;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verifies an export offline (every stream\'s hash chain, no revision missing or repeated, every line in place), or with --firm the firm\'s history in the live store.')
    .argument('[file]', 'an export made by `accord export` ("-": standard input)')
    .option('--firm <id>', 'verify this firm in the store ACCORD_EVENT_STORE names, instead of a file')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'no progress on standard error')
    .addHelpText('after', '\nExit codes: 0 intact, 1 not intact (the first bad line or position is named), 2 bad usage, 3 the file or store cannot be read.')
    .action((file: string | undefined, options: VerifyOptions) => {
      if (file !== undefined && options.firm !== undefined) throw usageError('verify takes a file or --firm <id>, not both');
      if (file === undefined && options.firm === undefined) throw usageError('verify needs a file (an export) or --firm <id> (the live store)');
      return file !== undefined ? verifyFile(file, options) : verifyFirm(options.firm!, options);
    });
}

async function verifyFile(file: string, options: VerifyOptions): Promise<void> {
  let source: ExportSource;
  try {
    source = file === '-' ? stdinExport() : await openExportFile(file);
  } catch (error) {
    throw failure(error instanceof ExportFileError ? error.message : oneLine(error));
  }
  const progress = new Progress(`verify ${source.name}`, { unit: 'kB', enabled: !options.quiet && source.size > 0 });
  const kB = (bytes: number) => Math.floor(bytes / 1024);
  progress.start(kB(source.size));
  const result = await interruptible(async (signal) => {
    try {
      return await verifyExportLines(source.lines(), (line) => {
        if (line % 1000 !== 0) return;
        if (signal.aborted) throw new CliError(EXIT.INTERRUPTED, 'interrupted');
        progress.update(kB(source.bytesRead()));
      });
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw failure(`cannot read ${source.name}: ${oneLine(error)}`);
    }
  });
  progress.update(kB(source.size));
  progress.stop();
  if (options.json) process.stdout.write(JSON.stringify({ file: source.name, ...result }, null, 2) + '\n');
  else process.stdout.write(describeExport(source.name, result));
  if (!result.ok) throw new CliError(EXIT.CHECK_FAILED, `${source.name} is not intact: ${firstBadLine(result)}`);
}

function describeExport(name: string, result: ExportVerification): string {
  const s = result.summary;
  if (!result.ok) {
    const lines = [`${name}: NOT intact`, `first bad line: ${firstBadLine(result)}`, `${result.problemCount} problem(s):`];
    for (const problem of result.problems.slice(0, PROBLEMS_SHOWN)) lines.push(`  line ${problem.line}: ${problem.message}`);
    if (result.problemCount > PROBLEMS_SHOWN) lines.push(`  … and ${result.problemCount - PROBLEMS_SHOWN} more (--json lists up to ${result.problems.length})`);
    return lines.join('\n') + '\n';
  }
  const sealed = s.sealed > 0
    ? `${s.verifiedFromContent} verified from their content; ${s.sealed} sealed answer(s) linked, content sealed (their hash covers text not in the file)`
    : `all ${s.events} verified from their content`;
  const lines = [
    `${name}: intact`,
    `firm:      ${s.firmId}`,
    `exported:  ${s.exportedAt} (redaction: ${s.redaction}), log head ${s.throughPosition}`,
    `events:    ${s.events} in ${s.streams} streams, positions ${s.firstPosition}..${s.lastPosition}, ${s.lines} lines`,
    `content:   ${sealed}`,
    `export digest: ${s.exportDigest}`,
    `heads digest:  ${s.headsDigest}  (compare: accord verify --firm ${s.firmId} on the store, while it holds nothing newer)`,
    'stream heads:',
    ...s.heads.slice(0, HEADS_SHOWN).map((h) => `  ${h.stream}@${h.revision} ${h.hash}`),
  ];
  if (s.heads.length > HEADS_SHOWN) lines.push(`  … and ${s.heads.length - HEADS_SHOWN} more (--json lists them all)`);
  return lines.join('\n') + '\n';
}

async function verifyFirm(firmId: string, options: VerifyOptions): Promise<void> {
  await withStores(process.env, async ({ config, store, readStore }) => {
    let progress: Progress | null = null;
    let phase: string | null = null;
    const result = await interruptible(async (signal) => {
      try {
        return await verifyFirmInStore(store, readStore, firmId, {
          signal,
          onProgress: (now, done, total) => {
            if (phase !== now) {
              progress?.stop();
              phase = now;
              progress = new Progress(now === 'scanning' ? 'verify: scanning the log' : 'verify: verifying streams', { unit: now === 'scanning' ? 'log events' : 'streams', enabled: !options.quiet });
              progress.start(total, done);
            } else progress!.update(done, total);
          },
        });
      } catch (error) {
        if (signal.aborted) throw new CliError(EXIT.INTERRUPTED, 'interrupted');
        throw error;
      }
    });
    (progress as Progress | null)?.stop();
    const where = redact(config.eventStore.url);
    if (result.streamsChecked === 0) throw failure(`no events of firm ${firmId} in ${where}`);
    if (options.json) process.stdout.write(JSON.stringify({ store: where, ...result }, null, 2) + '\n');
    else process.stdout.write(describeFirm(where, result));
    if (!result.ok) throw new CliError(EXIT.CHECK_FAILED, `firm ${firmId} in ${where} is not intact: ${result.problems[0]}`);
  });
}

function describeFirm(where: string, r: FirmStoreVerification): string {
  const audit = r.audit === null
    ? 'no audit read model in the read store: hash chains only'
    : r.audit.checkpoint === 0
      ? 'the audit read model has not projected anything yet: hash chains only'
      : `compared with the audit read model (through position ${r.audit.checkpoint}, ${r.audit.streams} streams of the firm)`;
  const lines = [
    `firm ${r.firmId} in ${where}: ${r.ok ? 'intact' : 'NOT intact'}`,
    `events:    ${r.eventsChecked} in ${r.streamsChecked} streams, every hash recomputed from its content (log head ${r.head})`,
    `audit:     ${audit}`,
  ];
  if (r.ok) {
    lines.push(`heads digest:  ${r.headsDigest}`);
  } else {
    lines.push(`first broken position: ${r.firstBrokenPosition}`, `${r.problems.length} problem(s):`, ...r.problems.map((p) => `  ${p}`));
  }
  return lines.join('\n') + '\n';
}
