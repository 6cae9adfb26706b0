import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ReportFormat } from '../report/formatters/index.js';
import { UserError } from './errors.js';
import { onInterrupt, removeQuietly } from './interrupt.js';

const EXTENSIONS: Readonly<Record<string, ReportFormat>> = {
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

/**
 * The format `--output FILE` implies (SPEC 4), from its extension, case-insensitively; undefined
 * for any other extension, so the command can fall back to `--format` or text.
 */
export function formatFromExtension(path: string): ReportFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

export interface WriteReportOptions {
  /** Every input file of the run: the report must never replace one. */
  readonly inputs: readonly string[];
  /** Base for relative paths (the CLI's cwd). */
  readonly cwd?: string;
}

/** Where a path really points: symlinks resolved, or (not yet existing) its directory's real path. */
async function realTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    try {
      return join(await realpath(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

async function identity(path: string): Promise<{ real: string; dev?: number; ino?: number }> {
  const real = await realTarget(path);
  try {
    const s = await stat(real);
    return { real, dev: s.dev, ino: s.ino };
  } catch {
    return { real };
  }
}

/**
 * Writes a report file atomically (SPEC 4): into a temporary file in the same directory (so the
 * rename cannot cross file systems), then renamed over the target. A reader never sees half a
 * report, and an interrupted write leaves the old file as it was. The temporary file is removed
 * on any failure. Refuses to write over an input, compared by real path and by device and inode
 * (symlinks, hard links, `./` and case-folding file systems all lead to the same file).
 *
 * `content` may be a string or chunks produced while writing (a large report need not be held
 * twice in memory), text or bytes already encoded; an error while producing them leaves no trace.
 */
export async function writeReportFile(path: string, content: string | Iterable<string | Uint8Array>, options: WriteReportOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const target = resolve(cwd, path);
  const out = await identity(target);
  for (const input of options.inputs) {
    const inp = await identity(resolve(cwd, input));
    const sameFile = inp.real === out.real || (out.ino !== undefined && inp.ino === out.ino && inp.dev === out.dev);
    if (sameFile) throw new UserError(`refusing to write the report to ${path}: it is an input file (${input})`);
  }

  const dir = dirname(out.real);
  const temp = join(dir, `.${basename(out.real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  // Interrupted while writing: the half-written temporary file goes too.
  const releaseInterrupt = onInterrupt(() => removeQuietly(temp));
  try {
    handle = await open(temp, 'wx', 0o644);
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else await writeChunks(handle, content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, out.real);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    // A file-system error is the user's to fix (a missing directory, permissions, a full disk);
    // anything else is a bug in producing the report and keeps its stack trace.
    if (!(error instanceof Error) || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new UserError(`cannot write the report to ${path}: ${describe(error as NodeJS.ErrnoException)}`);
  } finally {
    releaseInterrupt();
  }
}

/** How many bytes of report are gathered before each write. */
const WRITE_BUFFER = 1 << 20;

/**
 * Writes the chunks' UTF-8 through one reused buffer: each chunk is encoded once, straight into
 * the buffer, and the file gets a write per megabyte, however small the chunks; no chunk's own
 * Buffer is made (and thrown away) per chunk. A chunk too large for the buffer is written alone.
 */
async function writeChunks(handle: FileHandle, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER);
  let used = 0;
  for (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      // Bytes already encoded (read back from a spool): written as they are, in their place.
      await writeAll(handle, buffer, used);
      used = 0;
      await writeAll(handle, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), chunk.byteLength);
      continue;
    }
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8: this bound is never too small.
    const most = chunk.length * 3;
    if (used + most > buffer.length) {
      await writeAll(handle, buffer, used);
      used = 0;
      if (most > buffer.length) {
        const bytes = Buffer.from(chunk, 'utf8');
        await writeAll(handle, bytes, bytes.length);
        continue;
      }
    }
    used += buffer.write(chunk, used, 'utf8');
  }
  await writeAll(handle, buffer, used);
}

/** A write may take fewer bytes than given (a full disk answers with an error, not a short write). */
async function writeAll(handle: FileHandle, bytes: Buffer, length: number): Promise<void> {
  for (let done = 0; done < length; ) done += (await handle.write(bytes, done, length - done)).bytesWritten;
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'the directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error.message;
  }
}
