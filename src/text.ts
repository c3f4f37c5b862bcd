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

/** A word as a POSIX shell reads it: as it is when it holds only safe characters, else in single quotes. */
export const shellWord = (word: string | number): string => {
  const text = String(word);
  return /^[A-Za-z0-9_@%+=:,./#-]+$/.test(text) ? text : "'" + text.split("'").join("'\\''") + "'";
};
