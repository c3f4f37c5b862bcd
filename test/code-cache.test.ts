/**
 * The V8 code cache of the build's CommonJS SDK file (src/code-cache.ts): what it reads, what it refuses, where it
 * writes. Small CommonJS files of their own, run in this process; the built binary's cache is tested in
 * test/startup.test.ts. V8 checks only a cache's length of source, version and flags, so each case below that hands V8
 * a wrong cache would run the wrong code (or crash) without ddb's own header check.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirs, cacheFile, runWithCodeCache, validPayload } from '../src/code-cache.js';

const work = mkdtempSync(join(tmpdir(), 'ddb-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * dist/sdk.cjs of a fresh package folder (its cache is sdk.cjs.<node>-<arch>.v8cache wherever it lives). Each test's
 * values differ, but not in length: this process has not compiled the source yet (V8 keeps compiled sources in memory
 * and would not look at a cache for them), and a cache of another value passes V8's own check.
 */
const pkg = (value: string): string => {
  const file = join(mkdtempSync(join(work, 'pkg-')), 'sdk.cjs');
  writeFileSync(file, `exports.value = ${JSON.stringify(value)}; exports.twice = (x) => x * 2; exports.dep = () => require('dep');\n`);
  return file;
};
const CACHE = `sdk.cjs.${process.version}-${process.arch}.v8cache`;
const source = (file: string) => readFileSync(file);
const HEADER = 20;

describe('code cache', () => {
  it('runs the file without a cache, then writes one that the next run accepts', () => {
    const dir = join(work, 'c1');
    const first = runWithCodeCache(pkg('ok-1'), [dir], { dep: 'provided' });
    expect(first.exports.value).toBe('ok-1');
    expect((first.exports.dep as () => unknown)()).toBe('provided');
    first.saveCache!();
    expect(readdirSync(dir)).toEqual([CACHE]);
    const second = runWithCodeCache(pkg('ok-2'), [dir]);
    expect(second.exports.value).toBe('ok-2');
    // ok-1's cache is not ok-2's: refused, to be replaced by ok-2's, which the next run of ok-2 takes as it is
    expect(second.saveCache).toBeTypeOf('function');
    second.saveCache!();
    const file = pkg('ok-2');
    expect(validPayload(readFileSync(join(dir, CACHE)), source(file))).toBeDefined();
    const third = runWithCodeCache(file, [dir]);
    expect(third.exports.value).toBe('ok-2');
    expect(third.saveCache).toBeUndefined();
  });

  /** X's cache, damaged, under a header that is right for Y (same length): only ddb's checks stand between. */
  const damaged = (damage: (payload: Buffer) => Buffer, keepHeader: boolean) => {
    const dir = mkdtempSync(join(work, 'c-'));
    runWithCodeCache(pkg(`x-${dir.slice(-6)}`), [dir]).saveCache!();
    const bytes = readFileSync(join(dir, CACHE));
    const y = pkg(`y-${dir.slice(-6)}`);
    const payload = bytes.subarray(HEADER);
    const header = keepHeader ? bytes.subarray(0, HEADER) : cacheFile(payload, source(y)).subarray(0, HEADER);
    writeFileSync(join(dir, CACHE), Buffer.concat([header, damage(Buffer.from(payload))]));
    return { dir, y, value: `y-${dir.slice(-6)}` };
  };

  it.each([
    ['made for another source of the same length', (p: Buffer) => p, true],
    ['with a flipped byte in the payload', (p: Buffer) => { p[p.length >> 1]! ^= 0xff; return p; }, false],
    ['cut short', (p: Buffer) => p.subarray(0, p.length >> 1), false],
    ['empty', () => Buffer.alloc(0), false],
  ])('ignores a cache %s, runs the file, and rewrites the cache', (_, damage, keepHeader) => {
    const { dir, y, value } = damaged(damage, keepHeader);
    const run = runWithCodeCache(y, [dir]);
    expect(run.exports.value).toBe(value);
    expect((run.exports.twice as (x: number) => number)(21)).toBe(42);
    run.saveCache!();
    expect(validPayload(readFileSync(join(dir, CACHE)), source(y))).toBeDefined();
  });

  it('writes to the next place when the first cannot be written (a read-only install), and runs either way', () => {
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, 'a file, so no directory can be made under it');
    const fallback = join(work, 'fallback');
    const run = runWithCodeCache(pkg('ro-1'), [join(blocked, 'cache'), fallback]);
    expect(run.exports.value).toBe('ro-1');
    run.saveCache!();
    expect(readdirSync(fallback)).toEqual([CACHE]);
    // nowhere to write: it still runs, and saving is a no-op
    const nowhere = runWithCodeCache(pkg('ro-2'), [join(blocked, 'cache')]);
    expect(nowhere.exports.value).toBe('ro-2');
    expect(() => nowhere.saveCache!()).not.toThrow();
    expect(existsSync(join(blocked, 'cache'))).toBe(false);
  });

  it('caches beside the file, then in the user cache; DDB_CODE_CACHE chooses the place or turns it off', () => {
    expect(cacheDirs('/pkg/dist/sdk.cjs', {})).toEqual(['/pkg/dist/.v8-cache', expect.stringMatching(/\/\.cache\/ddb$/)]);
    expect(cacheDirs('/pkg/dist/sdk.cjs', { XDG_CACHE_HOME: '/xdg' })).toEqual(['/pkg/dist/.v8-cache', '/xdg/ddb']);
    expect(cacheDirs('/pkg/dist/sdk.cjs', { DDB_CODE_CACHE: '/mine' })).toEqual(['/mine']);
    expect(cacheDirs('/pkg/dist/sdk.cjs', { DDB_CODE_CACHE: 'off' })).toEqual([]);
    const run = runWithCodeCache(pkg('off-1'), []);
    expect(run.exports.value).toBe('off-1');
    expect(run.saveCache).toBeUndefined();
  });
});
