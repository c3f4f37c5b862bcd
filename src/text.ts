/** Text helpers shared by domain code and renderers (pure, no dependencies). */

/** Shortens to `max` characters (by code point, so emoji are not cut in half), ending in `…`; whitespace runs become one space. */
export const shorten = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
};

/** A count for people: 12,345. Grouped by hand: a process's first Intl call (toLocaleString) sets up ICU, ~10 ms. */
export const count = (n: number): string =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');

/**
 * Text from the data, made safe for a terminal: control characters (C0, DEL, C1) and the bidi controls that reorder
 * what is shown are written as escapes (`\x1b`, `\u202e`), so a value can neither drive the terminal (set its title,
 * clear the screen) nor disguise itself. Every table and text renderer passes data through it; JSON stays exact.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escapeControl = (ch: string): string => {
  const code = ch.codePointAt(0)!;
  // \x only below 0x80: bash reads $'\x9b' as a byte, $'\u009b' as the character
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};
export const visible = (text: string): string => text.replace(CONTROL, escapeControl);

/**
 * A word as a shell reads it: as it is when it holds only safe characters, else in single quotes — or, when it holds
 * control characters, as $'…' with them escaped (bash, zsh, ksh): nothing from the data reaches the terminal raw, and
 * the command can still be pasted and run.
 */
export const shellWord = (word: string | number): string => {
  const text = String(word);
  if (/^[A-Za-z0-9_@%+=:,./#-]+$/.test(text)) return text;
  if (!new RegExp(CONTROL.source).test(text)) return "'" + text.split("'").join("'\\''") + "'";
  return `$'${visible(text.replace(/[\\']/g, (ch) => `\\${ch}`))}'`;
};

/**
 * A command's argument as a hint prints it: a value starting with "-" (a table named `-.-`) would be read as an option,
 * so it follows `--`, after which every word is an argument. For hints whose arguments come last.
 */
export const argWords = (...args: (string | number)[]): string =>
  `${args.some((a) => String(a).startsWith('-')) ? '-- ' : ''}${args.map(shellWord).join(' ')}`;

/** A value the command takes as an argument (not an option's), in a command line built for a hint. */
export class Arg {
  constructor(readonly value: string | number) {}
}
export const arg = (value: string | number): Arg => new Arg(value);

/**
 * `ddb` and the words of a hint, shell-quoted. When an argument (an Arg) starts with "-", the options go first and the
 * arguments after `--`, so the hint does what it says whatever the table or key is called.
 */
export const hintLine = (words: readonly (string | number | Arg)[]): string => {
  const plain = (w: string | number | Arg) => (w instanceof Arg ? w.value : w);
  const args = words.filter((w): w is Arg => w instanceof Arg);
  if (!args.some((a) => String(a.value).startsWith('-'))) return ['ddb', ...words.map(plain)].map(shellWord).join(' ');
  const first = words.findIndex((w) => w instanceof Arg);
  const head = words.slice(0, first).map(plain);
  const options = words.slice(first).filter((w) => !(w instanceof Arg)).map(plain);
  return ['ddb', ...head, ...options].map(shellWord).join(' ') + ' ' + argWords(...args.map((a) => a.value));
};
