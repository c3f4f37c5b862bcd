/** Completion output: the script as it is, and candidates in the protocol the scripts read (src/completion/scripts.ts). */
import type { Completion } from '../completion/complete.js';
import type { View } from './view.js';

/** What `ddb __complete` prints: table names are already looked up. */
export type Candidates = Exclude<Completion, { kind: 'tables' }>;

/** One line per candidate; a tab or line break inside a description would break the protocol. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

export const scriptView: View<string> = {
  table: (script) => script,
  json: (script) => ({ script }),
};

export const candidatesView: View<Candidates> = {
  table: (c) =>
    c.kind === 'words' ? ['words', ...c.words.map((w) => (w.description ? `${w.value}\t${oneLine(w.description)}` : w.value))].join('\n') + '\n' : `${c.kind}\n`,
};
