/**
 * A name people can install: the package packed (`npm pack`) and installed from the tarball into an empty prefix, as
 * a user would from the registry; its `ddb` then brings up the local engine and reads a conversation in an empty
 * folder — no clone, no schema or seed files of the user's own. The engine it starts is stopped after.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), 'ddb-install-'));
const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_STATE_DIR: join(work, 'state') };
let port = 0;
const ddb = (args: string[], cwd: string) => spawnSync(join(work, 'prefix', 'node_modules', '.bin', 'ddb'), args, { cwd, env, encoding: 'utf8', timeout: 120_000 });

afterAll(() => {
  if (port) ddb(['local', 'stop', '--port', String(port)], work);
  rmSync(work, { recursive: true, force: true });
});

describe('npm pack, install, run', () => {
  it(`${pkg.name} installs from its tarball, and its ddb runs up and list-conversations in an empty folder`, async () => {
    expect(pkg.name).not.toBe('ddb'); // taken on the registry by another program
    expect(Object.keys(pkg.bin)).toEqual(['ddb']);
    // dist/ is built by `npm test` before the tests run: pack it as it is
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
    mkdirSync(join(work, 'prefix'));
    // dependencies from npm's cache when it has them (CI's `npm ci` filled it), else from the registry
    const install = spawnSync('npm', ['install', '--prefix', join(work, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund', tarball], { encoding: 'utf8', env });
    expect(install.status, install.stderr).toBe(0);

    const empty = join(work, 'empty');
    mkdirSync(empty);
    port = await freePort();
    const E = ['--endpoint-url', `http://127.0.0.1:${port}`];
    const up = ddb([...E, 'up'], empty);
    expect(up.status, up.stderr).toBe(0);
    const list = ddb([...E, 'patterns', 'list-conversations', 'andrewbrown', '--output', 'json'], empty);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout ? JSON.parse(list.stdout).Items.length : 0).toBeGreaterThan(0);
  }, 300_000);
});
