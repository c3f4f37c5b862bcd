/**
 * What the shell should offer for the word being typed, given the words before it: the walk every shell's script
 * delegates to (`ddb __complete -- WORD…`), so bash, zsh and fish complete alike and the logic is tested once.
 */
import type { CommandNode, OptionNode, ValueKind } from './tree.js';

export interface Candidate {
  value: string;
  description?: string;
}

/** What to offer: words (with descriptions), the shell's own file or folder completion, or table names. */
export type Completion = { kind: 'words'; words: readonly Candidate[] } | { kind: 'files' } | { kind: 'dirs' } | { kind: 'tables' };

/** The global options given on the line, which a table-name lookup must honour (`--endpoint-url`, `--prod`, …). */
export type LineGlobals = Record<string, string | true>;

export interface CompletionRequest {
  completion: Completion;
  /** the word being completed (the prefix every candidate must start with) */
  current: string;
  globals: LineGlobals;
}

const HELP: OptionNode = { names: ['--help', '-h'], description: 'show help' };

const findOption = (options: readonly OptionNode[], word: string): OptionNode | undefined => options.find((o) => o.names.includes(word));

const forValue = (value: ValueKind): Completion => {
  switch (value.kind) {
    case 'file':
      return { kind: 'files' };
    case 'dir':
      return { kind: 'dirs' };
    case 'table':
      return { kind: 'tables' };
    case 'choices':
      return { kind: 'words', words: value.choices.map((c) => ({ value: c })) };
    case 'free':
      return { kind: 'words', words: [] };
  }
};

/** An option by its long name (the short one once the word is `-x`); options may repeat, so all are offered. */
const optionWords = (options: readonly OptionNode[], current: string): Candidate[] =>
  options.flatMap((o) => {
    const name = o.names.find((n) => n.startsWith(current));
    return name ? [{ value: name, description: o.description }] : [];
  });

/**
 * `words`: what follows `ddb` on the line, the last one being the word under the cursor ('' after a space).
 * Global options (the root's) are accepted anywhere, as commander does.
 */
export const complete = (root: CommandNode, words: readonly string[]): CompletionRequest => {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const globals: LineGlobals = {};
  let node = root;
  let positional = 0;
  let pendingValue: OptionNode | undefined;
  let operandsOnly = false;

  for (const word of before) {
    if (pendingValue) {
      if (root.options.includes(pendingValue)) globals[pendingValue.names[0]!] = word;
      pendingValue = undefined;
    } else if (!operandsOnly && word === '--') {
      operandsOnly = true;
    } else if (!operandsOnly && word.startsWith('-') && word !== '-') {
      const [name, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
      const option = findOption(node.options, name) ?? findOption(root.options, name);
      if (!option) continue;
      if (option.value && inline === undefined) pendingValue = option;
      else if (root.options.includes(option)) globals[option.names[0]!] = inline ?? true;
    } else {
      const child = positional === 0 ? node.children.find((c) => c.name === word) : undefined;
      if (child) node = child;
      else positional++;
    }
  }

  const done = (completion: Completion): CompletionRequest => ({
    completion: completion.kind === 'words' ? { kind: 'words', words: completion.words.filter((w) => w.value.startsWith(current)) } : completion,
    current,
    globals,
  });
  if (pendingValue?.value) return done(forValue(pendingValue.value));
  if (!operandsOnly && current.startsWith('-')) {
    const options = node === root ? [...root.options, HELP] : [...node.options, HELP, ...root.options];
    return done({ kind: 'words', words: optionWords(options, current) });
  }
  if (node.children.length && positional === 0) {
    return done({ kind: 'words', words: node.children.map((c) => ({ value: c.name, description: c.summary })) });
  }
  const arg = node.args[positional] ?? (node.args.at(-1)?.variadic ? node.args.at(-1) : undefined);
  return done(arg ? forValue(arg.value) : { kind: 'words', words: [] });
};
