import type { Command } from 'commander';
import {
  ExportFileError, ImportInterruptedError, ImportRefusedError, importExport, openExportFile,
  type ExportSource, type ImportPhase,
} from '@accord/audit';
import { EventIdConflictError, ExpectedVersionConflictError, redact } from '@accord/event-store';
import { oneLine, withEventStore } from '../cli-stores';
import { CliError, EXIT, failure } from '../exit-codes';
import { Progress } from '../progress';
import { interruptible } from '../interruptible';

interface ImportOptions {
  quiet?: boolean;
}

const LABELS: Record<ImportPhase, string> = {
  verifying: 'import: verifying the export',
  target: "import: reading the target's streams",
  comparing: 'import: comparing the export with what the target holds',
  appending: 'import: appending',
};

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Loads an unredacted export (accord export --full) into the store ACCORD_EVENT_STORE names, with the same ids and hashes; run it again to finish an interrupted import.')
    .argument('<file>', 'an export made by `accord export --full`')
    .option('-q, --quiet', 'no progress on standard error')
    .addHelpText('after', '\nExit codes: 0 imported, 1 the export is not intact, 2 bad usage, 3 refused (sealed answers, the target holds other events, a hash differs) or the file or store cannot be read, 130 interrupted (run it again to continue).')
    .action((file: string, options: ImportOptions) => runImport(file, options));
}

async function runImport(file: string, options: ImportOptions): Promise<void> {
  let source: ExportSource;
  try {
    source = await openExportFile(file);
  } catch (error) {
    throw failure(error instanceof ExportFileError ? error.message : oneLine(error));
  }
  await withEventStore(process.env, async (store, config) => {
    const where = redact(config.eventStore.url);
    const kB = (bytes: number) => Math.floor(bytes / 1024);
    let progress: Progress | null = null;
    let phase: ImportPhase | null = null;
    const onProgress = (now: ImportPhase, done: number, total: number) => {
      // The file passes show bytes read; the target's streams and the appends, counts.
      const byBytes = now === 'verifying' || now === 'comparing';
      const value = byBytes ? kB(source.bytesRead()) : done;
      const of = byBytes ? kB(source.size) : total;
      if (now !== phase) {
        progress?.stop();
        phase = now;
        progress = new Progress(LABELS[now], { unit: byBytes ? 'kB' : now === 'target' ? 'streams' : 'events', enabled: !options.quiet });
        progress.start(of, value);
      } else progress!.update(value, of);
    };
    const result = await interruptible(async (signal) => {
      try {
        return await importExport(store, () => source.lines(), { signal, onProgress });
      } catch (error) {
        throw asCliError(error, signal, where);
      } finally {
        (progress as Progress | null)?.stop();
      }
    });
    const present = result.alreadyPresent > 0 ? `, ${result.alreadyPresent} already there` : '';
    process.stdout.write(
      `imported firm ${result.firmId} into ${where}: ${result.events} events in ${result.streams} streams (${result.appended} appended${present}); ` +
        "every stream's head hash equals the export's\n" +
        `heads digest:  ${result.headsDigest}\n`,
    );
  });
}

function asCliError(error: unknown, signal: AbortSignal, where: string): unknown {
  if (error instanceof ImportInterruptedError) return new CliError(EXIT.INTERRUPTED, error.message);
  if (signal.aborted) return new CliError(EXIT.INTERRUPTED, 'interrupted; run the same import again to finish it');
  if (error instanceof ImportRefusedError) return new CliError(error.reason === 'not-intact' ? EXIT.CHECK_FAILED : EXIT.FAILED, `import refused: ${error.message}`);
  if (error instanceof ExpectedVersionConflictError || error instanceof EventIdConflictError) {
    return failure(`${where} changed while importing (${error.message}); run the import again once nothing else writes these streams`);
  }
  if (error instanceof ExportFileError) return failure(error.message);
  return error;
}
