/**
 * The command tree as completion sees it: every command's subcommands, options and arguments, read from the commander
 * program (`ddb __complete` attaches in full the command its words name; the others are names and summaries, all a
 * first word needs). Plain data, so the completer is a pure function of it.
 */
import type { Argument, Command, Option } from 'commander';

/** What a value is, so the shell offers the right things: a file, a folder, a table name, fixed choices, or nothing. */
export type ValueKind = { kind: 'file' } | { kind: 'dir' } | { kind: 'table' } | { kind: 'choices'; choices: readonly string[] } | { kind: 'free' };

export interface OptionNode {
  /** every spelling: `--limit`, `-o` */
  names: readonly string[];
  description: string;
  /** undefined: a flag without a value */
  value?: ValueKind;
}

export interface ArgumentNode {
  name: string;
  variadic: boolean;
  value: ValueKind;
}

export interface CommandNode {
  name: string;
  summary: string;
  options: readonly OptionNode[];
  args: readonly ArgumentNode[];
  children: readonly CommandNode[];
}

const TABLE_WORDS = new Set(['table', 'tables']);

/** The kind of an option's or argument's value, from its name: `<file>`, `<dir>`, a table, or its choices. */
const valueKind = (valueName: string, ownerName: string, choices: readonly string[] | undefined): ValueKind => {
  if (choices?.length) return { kind: 'choices', choices };
  if (valueName === 'file') return { kind: 'file' };
  if (valueName === 'dir') return { kind: 'dir' };
  if (TABLE_WORDS.has(valueName) || TABLE_WORDS.has(ownerName)) return { kind: 'table' };
  return { kind: 'free' };
};

const optionNode = (o: Option): OptionNode => {
  const names = [o.long, o.short].filter((n): n is string => Boolean(n));
  const takesValue = o.required || o.optional;
  if (!takesValue) return { names, description: o.description };
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? '';
  return { names, description: o.description, value: valueKind(valueName, o.attributeName(), o.argChoices) };
};

const argumentNode = (a: Argument): ArgumentNode => ({ name: a.name(), variadic: a.variadic, value: valueKind(a.name(), '', a.argChoices) });

/** The tree under `cmd`, without hidden commands and options (`__complete`, commander's own `help` command). */
export const commandTree = (cmd: Command): CommandNode => ({
  name: cmd.name(),
  summary: cmd.summary() || cmd.description().split('\n')[0]!,
  options: cmd.options.filter((o) => !o.hidden).map(optionNode),
  args: cmd.registeredArguments.map(argumentNode),
  children: cmd.commands.filter((c) => !c.name().startsWith('__') && c.name() !== 'help').map(commandTree),
});
