import * as fs from 'fs';
import { ValidationError } from '../core/errors';

/** A 16384-bit RSA certificate in PEM is under 12 KiB: anything much bigger is not one certificate. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * Reads a small file a user named, refusing anything that is not a regular file or is larger
 * than `maxBytes` before reading it.
 *
 * @param field how messages name it (`--certificate cert.pem`)
 * @param what what it should be (`certificate file`)
 */
export function readSmallFile(file: string, field: string, what: string, maxBytes: number): Buffer {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ValidationError(field, `error ${code}`, `a readable ${what}`);
  }
  if (!stats.isFile()) throw new ValidationError(field, 'not a regular file', `a ${what}`);
  if (stats.size > maxBytes) {
    throw new ValidationError(field, `${stats.size} bytes`, `a ${what} of at most ${maxBytes} bytes`);
  }
  return fs.readFileSync(file);
}
