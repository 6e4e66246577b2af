import type { Command } from 'commander';
import { atomicFileSink, exportFirm, ExportFileError, FirmNotFoundError, streamSink, type LineSink } from '@accord/audit';
import { redact } from '@accord/event-store';
import { oneLine, withEventStore } from '../cli-stores';
import { CliError, EXIT, failure } from '../exit-codes';
import { interruptible } from '../interruptible';
import { Progress } from '../progress';

interface ExportOptions {
  firm: string;
  out?: string;
  full?: boolean;
  quiet?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description("Every event of a firm as NDJSON in global order (a header, one line per event, a trailer); answers of checks not yet revealed are sealed as in auditLog.")
    .requiredOption('--firm <id>', 'the firm to export')
    .option('--out <file>', 'write the export to this file (complete or not at all) instead of standard output')
    .option('--full', 'do not seal answers: the whole history as recorded (for operators; `accord import` needs it)')
    .option('-q, --quiet', 'no progress on standard error')
    .action((options: ExportOptions) => runExport(options));
}

async function runExport(options: ExportOptions): Promise<void> {
  await withEventStore(process.env, async (store, config) => {
    let sink: LineSink;
    try {
      sink = options.out ? await atomicFileSink(options.out) : streamSink(process.stdout);
    } catch (error) {
      throw failure(oneLine(error));
    }
    let progress: Progress | null = null;
    let pass: string | null = null;
    let stats = { events: 0, sealed: 0, streams: 0 };
    await interruptible(async (signal) => {
      try {
        const lines = exportFirm(store, options.firm, {
          redaction: options.full ? 'none' : 'sealed-answers',
          exportedAt: new Date().toISOString(),
          signal,
          onProgress: (position, head, now) => {
            if (pass !== now) {
              progress?.stop();
              pass = now;
              const label = now === 'reveals' ? 'export: reading the log for reveals' : 'export: writing events';
              progress = new Progress(label, { unit: 'log events', enabled: !options.quiet });
              progress.start(head, position);
            } else progress!.update(position, head);
          },
          onFinished: (finished) => (stats = finished),
        });
        for await (const line of lines) await sink.write(line);
        (progress as Progress | null)?.stop();
        await sink.commit();
      } catch (error) {
        await sink.discard();
        if (signal.aborted) throw new CliError(EXIT.INTERRUPTED, `interrupted: ${options.out ? `${options.out} was not written` : 'the export is incomplete'}`);
        if (error instanceof FirmNotFoundError) throw failure(`${error.message} (${redact(config.eventStore.url)})`);
        if (error instanceof ExportFileError) throw failure(error.message);
        throw error;
      }
    });
    if (!options.quiet) {
      const where = options.out ?? 'standard output';
      const sealed = stats.sealed > 0 ? `, ${stats.sealed} sealed answer(s) redacted` : options.full ? ', nothing redacted (--full)' : ', no answer sealed';
      process.stderr.write(`exported ${stats.events} events in ${stats.streams} streams of firm ${options.firm} to ${where}${sealed}\n`);
    }
  });
}
