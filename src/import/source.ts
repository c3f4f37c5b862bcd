/**
 * Where an import reads from: a file (its size gives the progress bar a total) or stdin (`-`), and in which format —
 * `--format`, else the file's extension.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DdbError } from '../errors.js';
import type { InStream } from '../io.js';

export const IMPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const BY_EXTENSION: Record<string, ImportFormat> = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

export const detectFormat = (file: string, given: ImportFormat | undefined): ImportFormat => {
  if (given) return given;
  const format = file === '-' ? undefined : BY_EXTENSION[extname(file).toLowerCase()];
  if (format) return format;
  throw new DdbError('usage', file === '-' ? 'reading stdin needs --format json|ndjson|csv' : `cannot tell the format of ${file} from its extension`, {
    suggestion: 'pass --format json|ndjson|csv (extensions: .json, .ndjson, .jsonl, .csv)',
  });
};

export interface Source {
  stream: NodeJS.ReadableStream;
  /** the file's size in bytes; undefined for stdin */
  size: number | undefined;
  bytesRead(): number;
  name: string;
}

export const openSource = async (file: string, path: string, stdin: InStream): Promise<Source> => {
  if (file === '-') {
    if (stdin.isTTY) throw new DdbError('usage', 'nothing is piped into stdin', { suggestion: 'pipe a file in (`... | ddb import TABLE - --format ndjson`) or name the file' });
    return { stream: stdin, size: undefined, bytesRead: () => 0, name: 'stdin' };
  }
  let size: number | undefined;
  try {
    const s = await stat(path);
    // a device or a pipe (/dev/null, <(…)) is read like a file; its size is unknown
    if (!s.isFile() && !s.isFIFO() && !s.isCharacterDevice()) throw new Error('not a file');
    size = s.isFile() ? s.size : undefined;
  } catch {
    throw new DdbError('input.invalid', `no file ${file}`, { suggestion: 'check the path (use - to read stdin)' });
  }
  const stream: ReadStream = createReadStream(path, { highWaterMark: 256 * 1024 });
  return { stream, size, bytesRead: () => stream.bytesRead, name: file };
};
