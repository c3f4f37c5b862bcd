/**
 * Start-up: what a run of the built ddb loads. dist/ is an esbuild bundle (scripts/build.mjs): each command lives in a
 * lazy chunk and the AWS SDK in one CommonJS file, so "which code was loaded" is "which dist/ files were loaded". A
 * module-load hook records every file the run's ESM loader loads; the SDK file, which src/code-cache.ts runs with a
 * V8 code cache, shows as its cache, written at exit into a directory of the run's own (DDB_CODE_CACHE).
 * dist/chunks.json (written by the build) says which src/ modules and which npm packages each dist/ file holds.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { BIN } from './helpers/run.js';
import { validPayload } from '../src/code-cache.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
type Chunk = { src: string[]; packages: string[] };
const chunks = JSON.parse(readFileSync(join(DIST, 'chunks.json'), 'utf8')) as Record<string, Chunk>;
const work = mkdtempSync(join(tmpdir(), 'ddb-startup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A --import module that registers a load hook appending each loaded file: URL to $DDB_LOADED_LOG. */
const hook = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(url, context, next) { if (url.startsWith("file:")) appendFileSync(process.env.DDB_LOADED_LOG, url + "\\\\n"); return next(url, context); }'));`,
)}`;

let runs = 0;
/** Runs the built ddb; returns its exit code, output, and the src/ modules and packages it loaded. */
const load = (args: string[]) => {
  const log = join(work, `loaded-${++runs}.txt`);
  const cache = join(work, `cache-${runs}`);
  const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DDB_LOADED_LOG: log, DDB_CODE_CACHE: cache, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
  });
  const files = readFileSync(log, 'utf8').trim().split('\n').map((url) => fileURLToPath(url));
  const cached = existsSync(cache) ? readdirSync(cache).map((f) => f.slice(0, f.indexOf('.cjs.') + 4)) : [];
  const fromDist = [...files.filter((f) => f.startsWith(DIST)).map((f) => f.slice(DIST.length)), ...cached];
  for (const f of fromDist) expect(chunks, `${f} is not in dist/chunks.json — rebuild`).toHaveProperty([f]);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    files,
    src: new Set(fromDist.flatMap((f) => chunks[f]!.src)),
    packages: new Set([
      ...fromDist.flatMap((f) => chunks[f]!.packages),
      // and anything loaded straight from node_modules (not bundled)
      ...files.flatMap((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []),
    ]),
  };
};
const sdk = (packages: Set<string>) => [...packages].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/'));
const commandModules = (src: Set<string>) => [...src].filter((s) => /^src\/commands\/[^/]+\.ts$/.test(s));

describe('start-up (the built bundle)', () => {
  let help: ReturnType<typeof load>;
  /** The commands `ddb --help` lists; each is src/commands/<name>.ts. */
  let COMMANDS: string[];
  beforeAll(() => {
    help = load(['--help']);
    COMMANDS = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  });

  it('every command has its own module in the bundle', () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
    const bundled = new Set(Object.values(chunks).flatMap((c) => c.src));
    for (const name of COMMANDS) expect(bundled).toContain(`src/commands/${name}.ts`);
  });

  it('ddb --help loads no AWS SDK, no command module and no chalk', () => {
    expect(help.code).toBe(0);
    expect(help.src).toContain('src/cli.ts');
    expect(sdk(help.packages)).toEqual([]);
    expect(commandModules(help.src)).toEqual([]);
    expect([...help.packages]).not.toContain('chalk');
  });

  it.each(['--version', 'export --help', 'list-tables --help'])('ddb %s loads no AWS SDK', (line) => {
    const r = load(line.split(' '));
    expect(r.code).toBe(0);
    expect(sdk(r.packages)).toEqual([]);
  });

  it('a command loads its own module and no other command’s', () => {
    const r = load(['export', '--help']);
    expect(r.stdout).toContain('Usage: ddb export');
    expect(r.src).toContain('src/commands/export.ts');
    const others = COMMANDS.filter((c) => c !== 'export').map((c) => `src/commands/${c}.ts`);
    expect(commandModules(r.src).filter((m) => others.includes(m))).toEqual([]);
  });

  it('a command that talks to DynamoDB loads the SDK then (the check above can fail)', () => {
    const r = load(['--endpoint-url', inject('endpoint'), 'list-tables']);
    expect(r.code).toBe(0);
    expect(sdk(r.packages)).toContain('@aws-sdk/client-dynamodb');
    expect(sdk(r.packages)).toContain('@smithy/core');
    expect(commandModules(r.src)).toEqual(['src/commands/list-tables.ts']);
  });

  it('ddb list-tables makes no Intl call: the first one in a process sets up ICU (~25 ms of its start-up)', async () => {
    const endpoint = inject('endpoint');
    const table = `startup-intl-${process.pid}`;
    const log = join(work, 'intl.txt');
    // every locale-aware call a renderer could make, recorded (and still answered)
    const record = `const { appendFileSync } = await import('node:fs'); const note = (what) => appendFileSync(process.env.DDB_INTL_LOG, what + '\\n');
      for (const [owner, name] of [[Number.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleDateString'], [String.prototype, 'localeCompare']]) {
        const original = owner[name]; owner[name] = function (...args) { note(name); return original.apply(this, args); };
      }
      for (const name of ['NumberFormat', 'DateTimeFormat', 'Collator', 'Segmenter']) {
        const Original = Intl[name]; Intl[name] = function (...args) { note('Intl.' + name); return new Original(...args); };
      }`;
    const { CreateTableCommand, DeleteTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' } });
    await db.send(new CreateTableCommand({ TableName: table, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    try {
      const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(record)}`, BIN, '--endpoint-url', endpoint, 'list-tables'], {
        encoding: 'utf8',
        env: { ...process.env, DDB_INTL_LOG: log, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(table);
      expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
    } finally {
      await db.send(new DeleteTableCommand({ TableName: table }));
      db.destroy();
    }
  });

  it('ddb --version reads the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(load(['--version']).stdout.split('\n')[0]).toBe(`ddb ${pkg.version}`);
  });
});

describe("the SDK file's code cache (the built binary)", () => {
  const SDK = Object.keys(chunks).find((f) => f.endsWith('.cjs'))!;
  // A table of this block's own, described: list-tables would show the tables other files make meanwhile.
  const endpoint = inject('endpoint');
  const table = uniqueName('startup-cache');
  const db = client(endpoint);
  beforeAll(() => createTable(db, table));
  afterAll(() => dropTable(db, table));
  const run = (bin: string, env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [bin, '--endpoint-url', endpoint, 'describe', table, '-o', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_CODE_CACHE: undefined, ...env },
    });
  const valid = (cacheFile: string, sdkFile: string) => validPayload(readFileSync(cacheFile), readFileSync(sdkFile)) !== undefined;

  it('a damaged cache is ignored (the run is right) and rewritten', () => {
    const dir = join(work, 'damaged');
    const first = run(BIN, { DDB_CODE_CACHE: dir });
    expect(first.status, first.stderr).toBe(0);
    const [name] = readdirSync(dir);
    expect(name).toMatch(new RegExp(`^${SDK.replace('.', '\\.')}\\..+\\.v8cache$`));
    const cache = join(dir, name!);
    expect(valid(cache, join(DIST, SDK))).toBe(true);
    const bytes = readFileSync(cache);
    bytes[bytes.length >> 1]! ^= 0xff; // V8 would deserialize this and crash: it checks no checksum in a release build
    writeFileSync(cache, bytes);
    expect(valid(cache, join(DIST, SDK))).toBe(false);
    const second = run(BIN, { DDB_CODE_CACHE: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(valid(cache, join(DIST, SDK))).toBe(true);
  });

  it('an install folder ddb cannot write to: it runs, and caches in the user cache folder', () => {
    const pkg = mkdtempSync(join(work, 'install-'));
    for (const part of ['bin', 'package.json']) cpSync(new URL(`../${part}`, import.meta.url), join(pkg, part), { recursive: true });
    cpSync(DIST, join(pkg, 'dist'), { recursive: true, filter: (src) => !src.includes('.v8-cache') });
    symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(pkg, 'node_modules'));
    // a file where the cache folder would go: no folder can be made there, whoever runs the test (root ignores modes)
    writeFileSync(join(pkg, 'dist', '.v8-cache'), '');
    chmodSync(join(pkg, 'dist'), 0o555);
    const xdg = join(pkg, 'xdg');
    try {
      for (const attempt of [1, 2]) {
        const r = run(join(pkg, 'bin', 'ddb'), { XDG_CACHE_HOME: xdg });
        expect(r.status, `run ${attempt}: ${r.stderr}`).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ table });
      }
      const [name] = readdirSync(join(xdg, 'ddb'));
      expect(valid(join(xdg, 'ddb', name!), join(pkg, 'dist', SDK))).toBe(true);
    } finally {
      chmodSync(join(pkg, 'dist'), 0o755);
    }
  });
});
