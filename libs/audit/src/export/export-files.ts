import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** A file that cannot be read or written, with the reason in words. */
export class ExportFileError extends Error {
  override readonly name = 'ExportFileError';
}

/** An export to read: its size in bytes (for progress) and its lines, as often as asked (each call re-reads the file). */
export interface ExportSource {
  readonly name: string;
  readonly size: number;
  /** Bytes read so far by the current pass. */
  bytesRead(): number;
  lines(): AsyncIterable<string>;
}

/** Opens an export file; a missing or unreadable file is an {@link ExportFileError} before anything is read. */
export async function openExportFile(path: string): Promise<ExportSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ExportFileError(`${path} is not a file`);
    size = info.size;
    await (await open(path, 'r')).close();
  } catch (error) {
    if (error instanceof ExportFileError) throw error;
    throw new ExportFileError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  let read = 0;
  return {
    name: path,
    size,
    bytesRead: () => read,
    lines: () => {
      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      stream.on('data', (chunk) => (read += chunk.length));
      read = 0;
      return splitLines(stream);
    },
  };
}

/** Standard input as an export source: one pass only. */
export function stdinExport(input: NodeJS.ReadableStream = process.stdin): ExportSource {
  let read = 0;
  let used = false;
  return {
    name: 'standard input',
    size: 0,
    bytesRead: () => read,
    lines: () => {
      if (used) throw new ExportFileError('standard input can be read only once');
      used = true;
      input.on('data', (chunk: Buffer) => (read += chunk.length));
      return splitLines(input);
    },
  };
}

/**
 * The lines of a byte stream, decoded as UTF-8, without their `\n` (or `\r\n`). A last line without a
 * newline is a line; the empty string after a final newline is not.
 */
export async function* splitLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield withoutCr(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield withoutCr(rest);
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Where export lines go: a file made atomically, or a stream such as standard output. */
export interface LineSink {
  write(line: string): Promise<void>;
  /** Everything was written: make it visible (rename the file into place). */
  commit(): Promise<void>;
  /** The work failed or was interrupted: leave nothing that looks complete. */
  discard(): Promise<void>;
}

const FLUSH_AT = 1 << 20;

/**
 * Writes to a temporary file beside `path` and renames it into place on commit, after an fsync: an
 * interrupted export never leaves a partial file under the name asked for (and an earlier export
 * there stays as it was).
 */
export async function atomicFileSink(path: string): Promise<LineSink> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    throw new ExportFileError(`cannot write ${path}: ${describeFsError(error)}`);
  }
  let buffer = '';
  let closed = false;
  const flush = async () => {
    if (buffer.length === 0) return;
    const text = buffer;
    buffer = '';
    await handle.write(text);
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const discard = async () => {
    await close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
  };
  return {
    async write(line) {
      buffer += line + '\n';
      if (buffer.length >= FLUSH_AT) await flush();
    },
    async commit() {
      try {
        await flush();
        await handle.sync();
        await close();
        await rename(temporary, path);
      } catch (error) {
        await discard();
        throw new ExportFileError(`cannot write ${path}: ${describeFsError(error)}`);
      }
    },
    discard,
  };
}

/** Writes to a stream (standard output), waiting when its buffer is full. */
export function streamSink(output: NodeJS.WritableStream): LineSink {
  let buffer = '';
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      const text = buffer;
      buffer = '';
      if (text.length === 0) return resolve();
      const onError = (error: Error) => reject(error);
      output.once('error', onError);
      const drained = output.write(text, () => undefined);
      const done = () => {
        output.off('error', onError);
        resolve();
      };
      if (drained) done();
      else output.once('drain', done);
    });
  return {
    async write(line) {
      buffer += line + '\n';
      if (buffer.length >= 1 << 16) await flush();
    },
    commit: flush,
    async discard() {
      buffer = '';
    },
  };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
