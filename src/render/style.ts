/**
 * Colour is decided once, per stream: only on a TTY, never with NO_COLOR (https://no-color.org),
 * FORCE_COLOR to override for a pager. Renderers take a Style (a Chalk instance); JSON never sees one.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Style = ChalkInstance;

export const colorLevel = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 => {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return 1;
};

export const makeStyle = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style => new Chalk({ level: colorLevel(stream, env) });
