/**
 * Loads a CommonJS file of the build (dist/sdk-HASH.cjs: the AWS SDK, scripts/build.mjs) with a V8 code cache, so a
 * run after the first one skips parsing and compiling it. Node 20 has no module compile cache
 * (module.enableCompileCache is Node ≥ 22.1); vm.Script's cachedData is the same mechanism by hand.
 *
 * The cache is an optimisation and never a risk: V8 itself checks only the source's length, its own version and
 * flags (a cache of another file of the same length would run that file's code; a damaged one can crash the
 * process). So each cache file carries its own header — the source's length and CRC-32 and the payload's CRC-32 —
 * and anything that does not match is ignored, then rewritten. Written once, at exit (after the run, so it holds the
 * functions the run compiled), to a temporary file renamed into place: a reader never sees half a file. Where, first
 * that works:
 *   $DDB_CODE_CACHE (a directory; `off` disables the cache) — else `.v8-cache/` beside the file (the package's own
 *   dist/, when it is writable), then `$XDG_CACHE_HOME/ddb` or `~/.cache/ddb`.
 * Without zlib.crc32 (Node < 20.15) the file is compiled without a cache.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

const MAGIC = Buffer.from('ddbv8c1\n');
const HEADER = MAGIC.length + 12;
const crc32 = (zlib as { crc32?: (data: string | Uint8Array) => number }).crc32;

/** Where the cache of `file` may live, in order of preference (empty: no cache). */
export const cacheDirs = (file: string, env: NodeJS.ProcessEnv = process.env): string[] => {
  const chosen = env.DDB_CODE_CACHE;
  if (chosen === 'off') return [];
  if (chosen) return [chosen];
  return [join(dirname(file), '.v8-cache'), join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ddb')];
};

/** One cache per file, Node version and architecture (V8 refuses another version's or another flag set's cache). */
const cacheName = (file: string): string => `${basename(file)}.${process.version}-${process.arch}.v8cache`;

/** The payload of a cache file whose header matches this source (its bytes), else undefined. */
export const validPayload = (bytes: Buffer, source: Buffer): Buffer | undefined => {
  if (!crc32 || bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(HEADER);
  const ok = bytes.readUInt32LE(MAGIC.length) === source.length && bytes.readUInt32LE(MAGIC.length + 4) === crc32(source) && bytes.readUInt32LE(MAGIC.length + 8) === crc32(payload);
  return ok ? payload : undefined;
};

/** A cache file's bytes: the header for `source` (its bytes), then V8's payload. */
export const cacheFile = (payload: Buffer, source: Buffer): Buffer => {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header);
  header.writeUInt32LE(source.length, MAGIC.length);
  header.writeUInt32LE(crc32!(source), MAGIC.length + 4);
  header.writeUInt32LE(crc32!(payload), MAGIC.length + 8);
  return Buffer.concat([header, payload]);
};

const readCache = (dirs: string[], name: string, source: Buffer): Buffer | undefined => {
  for (const dir of dirs) {
    try {
      const payload = validPayload(readFileSync(join(dir, name)), source);
      if (payload) return payload;
    } catch {
      // absent or unreadable: the next place, or no cache
    }
  }
  return undefined;
};

/** Writes the cache to the first place that takes it; a failure anywhere only means no cache next time. */
const writeCache = (dirs: string[], name: string, bytes: () => Buffer): void => {
  let data: Buffer;
  try {
    data = bytes();
  } catch {
    return;
  }
  for (const dir of dirs) {
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, data);
      renameSync(tmp, join(dir, name));
      return;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // no such directory: nothing was written
      }
    }
  }
};

/**
 * Runs one self-contained CommonJS bundle through the code cache in `dirs`. `provided` answers the bundle's require()
 * of modules it does not contain (the ESM build's own copy of a package, so both share its classes); the rest (node's
 * built-ins) comes from node. The source is ASCII (esbuild escapes the rest): one byte a character. `saveCache` is set
 * when no valid cache was found: call it once the code has run (the cache then holds what the run compiled).
 */
export const runWithCodeCache = (file: string, dirs: string[], provided: Record<string, unknown> = {}): { exports: Record<string, unknown>; saveCache?: () => void } => {
  const source = readFileSync(file);
  if (!crc32) dirs = [];
  const name = cacheName(file);
  const cachedData = dirs.length ? readCache(dirs, name, source) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('latin1')}\n})`, { filename: file, cachedData });
  const nodeRequire = createRequire(file);
  const module = { exports: {} as Record<string, unknown> };
  const requireFn = (id: string): unknown => (Object.hasOwn(provided, id) ? provided[id] : nodeRequire(id));
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFn, module, file, dirname(file));
  const fresh = dirs.length > 0 && (!cachedData || script.cachedDataRejected === true);
  return { exports: module.exports, ...(fresh ? { saveCache: () => writeCache(dirs, name, () => cacheFile(script.createCachedData(), source)) } : {}) };
};

const loaded = new Map<string, Record<string, unknown>>();

/** `require(file)` through the code cache (once per process), the cache written at exit when it was missing or stale. */
export const requireWithCodeCache = (file: string, provided: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> => {
  const done = loaded.get(file);
  if (done) return done;
  const { exports, saveCache } = runWithCodeCache(file, cacheDirs(file, env), provided);
  if (saveCache) process.once('exit', saveCache);
  loaded.set(file, exports);
  return exports;
};
