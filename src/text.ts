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
