import type { Command } from 'commander';
import type { DeclaredPattern } from '../patterns/declared.js';

/** What every subcommand of `ddb patterns` knows: the schema file and the patterns in it and in code. */
export interface PatternsContext {
  /** the schema file, resolved */
  file: string;
  /** as people know it: as given, else relative to the working directory when it is in it */
  shown: string;
  /** --schema as given (repeated in "more:" lines) */
  given: string | undefined;
  declared: DeclaredPattern[];
  code: Command[];
  /** why the file could not be read, if it could not */
  error?: unknown;
}
