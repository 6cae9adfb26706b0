import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { onInterrupt, removeQuietly } from './interrupt.js';

/** Bytes gathered before each write, and read back at a time. */
const BUFFER_BYTES = 1 << 20;

/**
 * The cases of a large JSON report, written to disk as they are audited instead of held in
 * memory until the report around them (its summary comes first) is known; read back once, into
 * the report file. A temporary file beside the report (the same directory as its own temporary
 * file, readable by the user only), removed however the audit ends.
 */
export class CaseSpool {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private closed = false;
  readonly path: string;
  /** Texts appended. */
  count = 0;

  /** An interrupted audit (Ctrl-C, a kill) removes the spool before it ends: it holds personal data. */
  private readonly releaseInterrupt: () => void;

  constructor(dir: string) {
    this.path = join(dir, `.caseaudit-cases.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.path, 'wx+', 0o600);
    this.releaseInterrupt = onInterrupt(() => this.dispose());
  }

  /**
   * Appends `separator` then `text`: a case's JSON as text, or as UTF-8 bytes (made in a worker
   * thread, see CaseTextEncoder), which are copied as they are.
   */
  append(text: string | Uint8Array, separator = ''): void {
    this.count++;
    if (separator !== '') this.appendText(separator);
    if (typeof text === 'string') this.appendText(text);
    else this.appendBytes(text);
  }

  private appendText(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) this.flush();
    if (text.length * 3 > BUFFER_BYTES) {
      writeAll(this.fd, Buffer.from(text, 'utf8'));
      return;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  private appendBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > BUFFER_BYTES) this.flush();
    if (bytes.length > BUFFER_BYTES) {
      writeAll(this.fd, bytes);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Everything appended, in order, a megabyte at a time (each chunk valid until the next is asked for). */
  *chunks(): Generator<Uint8Array, void, undefined> {
    this.flush();
    for (let position = 0; ; ) {
      const read = readSync(this.fd, this.buffer, 0, BUFFER_BYTES, position);
      if (read === 0) return;
      position += read;
      yield this.buffer.subarray(0, read);
    }
  }

  /** Closes and removes the file (again: harmless). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseInterrupt();
    closeSync(this.fd);
    removeQuietly(this.path);
  }

  private flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
