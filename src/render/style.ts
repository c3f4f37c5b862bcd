/**
 * How people's terminal shows things, decided once per stream: colour only on a TTY, never with NO_COLOR
 * (https://no-color.org), FORCE_COLOR to override for a pager; and how wide it is (tables fit it, 80 columns when
 * unknown, e.g. piped; --wide: no limit). Renderers take a Style; JSON never sees one.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Style = ChalkInstance & {
  /** terminal columns a table may take */
  readonly width: number;
  /** --wide: show every column in full, whatever the width */
  readonly wide: boolean;
  /** a terminal (or one whose width is known): notes are wrapped to it; piped into a log, they stay one line each */
  readonly terminal: boolean;
};

export const DEFAULT_WIDTH = 80;

export const colorLevel = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 => {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return 1;
};

export const makeStyle = (stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env, wide = false): Style =>
  Object.assign(new Chalk({ level: colorLevel(stream, env) }), {
    width: stream.columns && stream.columns > 20 ? stream.columns : Number(env.COLUMNS) > 20 ? Number(env.COLUMNS) : DEFAULT_WIDTH,
    wide,
    terminal: Boolean(stream.isTTY || (stream.columns && stream.columns > 20)),
  });
