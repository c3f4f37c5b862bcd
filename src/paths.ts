/**
 * Project files (schema/, seed/) are looked up in the working directory first — the user's repo — and fall back
 * to the copies shipped with ddb, so `ddb up` works anywhere.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const projectPath = (cwd: string, relative: string): string => {
  if (isAbsolute(relative)) return relative;
  const own = resolve(cwd, relative);
  if (existsSync(own)) return own;
  const shipped = resolve(PACKAGE_ROOT, relative);
  return existsSync(shipped) ? shipped : own;
};

export const DEFAULT_SCHEMA = 'schema/tables.json';
export const DEFAULT_SEED_DIR = 'seed';
export const DEFAULT_TABLE = 'cruddur-messages';
