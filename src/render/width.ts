/** Widths on a terminal, and prose wrapped to one: measured as shown (escape sequences none, wide characters two). */
import stringWidth from 'string-width';

/** Columns a string takes on a terminal: escape sequences take none, emoji and CJK characters two (string-width). */
export const displayWidth = (text: string): number => stringWidth(text);

/**
 * Wraps text at spaces to lines of at most `width` columns (a word longer than that stays whole, on its own line);
 * the first line keeps its leading spaces.
 */
export const wrap = (text: string, width: number): string => {
  const lines: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() && displayWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
  }
  return [...lines, line].join('\n');
};

/** Wraps like wrap(), the lines after the first indented by `indent` spaces (a list item, a heading that goes on). */
export const wrapHanging = (text: string, width: number, indent: number): string => {
  const [first, ...rest] = wrap(text, width).split('\n');
  if (!rest.length) return first!;
  const pad = ' '.repeat(indent);
  return [first, ...wrap(rest.join(' '), Math.max(20, width - indent)).split('\n').map((l) => pad + l)].join('\n');
};
