/**
 * Who owns an engine: one lock per port (concurrent starts make one engine), one per-user state folder (status and
 * stop from any folder), the project's data folder, and parallel `ddb up` runs racing for one table.
 * Engines here are dynalite where the engine does not matter; every one is stopped in afterAll.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Dynamo } from '../../src/aws/dynamo.js';
import { dynaliteServerScript } from '../../src/local/dynalite.js';
import { acquireLock, tryLock } from '../../src/local/lock.js';
import { portInUse } from '../../src/local/net.js';
import { listLocal, stopAllLocal } from '../../src/local/engine.js';
import { defaultDataDir, defaultStateDir, findProjectRoot, lockPath, readState, statePath, writeState } from '../../src/local/state.js';
import { applyPlans } from '../../src/schema/apply.js';
import { BIN } from '../helpers/run.js';
import { client, freePort, isLinux, listTables, pidAlive } from './helpers.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ddb-ownership-')));
const stateDir = join(root, 'state');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** bin/ddb as a child process that runs alongside others (spawnSync would serialise them). */
const ddbAsync = (args: string[], cwd: string): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

const ddbSync = (args: string[], cwd: string): Run => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_STATE_DIR: stateDir },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

/** Pids of dynalite engines (detached dynalite-server.js) serving `port`. */
function dynalitePids(port: number): number[] {
  const out = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((line) => line.includes('dynalite-server') && new RegExp(`--port ${port}(\\s|$)`).test(line))
    .map((line) => Number.parseInt(line.trim(), 10));
}

afterAll(() => {
  // Whatever a failed test left running is stopped here; then nothing of ours may answer.
  ddbSync(['local', 'stop', '--all'], root);
  rmSync(root, { recursive: true, force: true });
}, 30_000);

const built = (() => {
  try {
    return Boolean(dynaliteServerScript()) && existsSync(BIN);
  } catch {
    return false;
  }
})();

describe('the port lock', () => {
  const dir = join(root, 'locks');

  it('is exclusive; a lock naming a dead pid or nothing is stale and taken over; release removes only ours', async () => {
    const path = join(dir, 'a.lock');
    const first = tryLock(path);
    expect(first.held).toBe(true);
    // A second taker (here: this same process, which does hold it) is refused with the holder's pid.
    expect(tryLock(path)).toEqual({ held: false, holder: process.pid });
    if (first.held) first.lock.release();
    expect(existsSync(path)).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const stale of [`${dead}\n`, '', 'garbage', `${process.pid}\n` /* our pid, but not held here: an earlier process */]) {
      writeFileSync(path, stale);
      const taken = tryLock(path);
      expect(taken.held, JSON.stringify(stale)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
      if (taken.held) taken.lock.release();
    }

    // A live holder (our parent) is waited for, then reported.
    writeFileSync(path, `${process.ppid}\n`);
    const waited: number[] = [];
    const error = await acquireLock(path, { port: 1, timeoutMs: 100, onWait: (pid) => waited.push(pid) }).catch((e: unknown) => e);
    expect(waited).toEqual([process.ppid]);
    expect((error as Error).message).toContain(`another ddb (pid ${process.ppid})`);
    rmSync(path);
  });

  it.skipIf(!built)('six processes racing for one stale lock: exactly one takes it', async () => {
    const path = join(dir, 'race.lock');
    writeFileSync(path, `${spawnSync(process.execPath, ['-e', '']).pid}\n`);
    // The children are plain node: they get src/local/lock.ts bundled on its own (dist/ holds chunks, not modules).
    const { build } = await import('esbuild');
    const lockFile = join(dir, 'lock.mjs');
    await build({ entryPoints: [fileURLToPath(new URL('../../src/local/lock.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'node', outfile: lockFile, logLevel: 'silent' });
    const lockJs = pathToFileURL(lockFile).href;
    // Each child waits for the same instant, tries once, reports, and keeps what it got until all have tried.
    const at = Date.now() + 500;
    const script = `const { tryLock } = await import(${JSON.stringify(lockJs)});
      while (Date.now() < ${at});
      const r = tryLock(${JSON.stringify(path)});
      console.log(r.held ? 'held' : 'refused');
      process.stdin.resume();`;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }),
    );
    const runs = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (d: Buffer) => {
              out += d;
              if (out.includes('\n')) resolve(out.trim());
            });
            child.once('close', () => resolve(out.trim()));
          }),
      ),
    );
    for (const child of children) child.stdin.end();
    expect(runs.filter((r) => r === 'held')).toHaveLength(1);
    expect(runs.filter((r) => r === 'refused')).toHaveLength(5);
  }, 20_000);
});

describe('where engines live', () => {
  it('state: $DDB_STATE_DIR, else $XDG_STATE_HOME/ddb, else ~/.local/state/ddb', () => {
    expect(defaultStateDir({ DDB_STATE_DIR: '/x/s', XDG_STATE_HOME: '/y' })).toBe('/x/s');
    expect(defaultStateDir({ XDG_STATE_HOME: '/y' })).toBe('/y/ddb');
    expect(defaultStateDir({ XDG_STATE_HOME: 'relative', HOME: '/h' })).toMatch(/\.local[/\\]state[/\\]ddb$/);
  });

  it('data: <nearest folder with schema/tables.json or package.json>/.ddb/data, or --data-dir', () => {
    const project = join(root, 'proj');
    const deep = join(project, 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}');
    expect(findProjectRoot(deep)).toBe(project);
    expect(defaultDataDir(deep)).toBe(join(project, '.ddb', 'data'));
    expect(defaultDataDir(deep, 'mine')).toBe(join(deep, 'mine'));
    mkdirSync(join(project, 'src', 'schema'));
    writeFileSync(join(project, 'src', 'schema', 'tables.json'), '{}');
    expect(findProjectRoot(deep)).toBe(join(project, 'src'));
  });
});

describe('an engine that died (reboot, kill -9)', () => {
  it('is listed as down with what its state says; stop --all clears it', async () => {
    const dir = join(root, 'stale-state');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const port = await freePort();
    writeState(dir, { engine: 'dynalite', version: '4.0.0', port, pid: dead, dataDir: '/d', startedAt: '', endpoint: `http://127.0.0.1:${port}` });
    expect(await listLocal({ stateDir: dir })).toEqual([
      { up: false, managed: false, engine: 'dynalite', version: '4.0.0', port, pid: dead, dataDir: '/d', endpoint: `http://127.0.0.1:${port}` },
    ]);
    expect((await stopAllLocal({ stateDir: dir })).stopped).toEqual([]);
    expect(await listLocal({ stateDir: dir })).toEqual([]);
  });
});

describe.skipIf(!built)('ddb local, from several processes and folders', () => {
  it('four concurrent starts on one port: one engine, named by the state; the others report it; stop frees the port', async () => {
    const port = await freePort();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => ddbAsync(['local', 'start', '--port', String(port), '--in-memory', '--engine', 'dynalite'], root)),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const state = readState(stateDir, port)!;
    expect(state.pid).toBeGreaterThan(0);
    const started = runs.filter((r) => r.stderr.includes('started dynalite'));
    expect(started).toHaveLength(1);
    expect(started[0]!.stderr).toContain(`(pid ${state.pid}, in memory)`);
    for (const loser of runs.filter((r) => !r.stderr.includes('started dynalite'))) {
      expect(loser.stderr).toContain(`dynalite is already running on port ${port} (pid ${state.pid})`);
      expect(loser.stderr).not.toMatch(/listening|failed/);
    }
    for (const run of runs) expect(run.stdout.trim()).toBe(`http://127.0.0.1:${port}`);
    if (isLinux) expect(dynalitePids(port)).toEqual([state.pid]);
    expect(existsSync(lockPath(stateDir, port))).toBe(false);

    const stop = ddbSync(['local', 'stop', '--port', String(port)], root);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stderr).toContain(`(pid ${state.pid})`);
    expect(pidAlive(state.pid)).toBe(false);
    expect(await portInUse(port)).toBe(false);
    expect(existsSync(statePath(stateDir, port))).toBe(false);
  }, 30_000);

  it('status and stop find engines from a subfolder and from an unrelated folder; status lists all; stop --all', async () => {
    const project = join(root, 'app');
    const sub = join(project, 'src', 'handlers');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(sub, { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(project, 'package.json'), '{}');
    const [p1, p2] = [await freePort(), await freePort()];

    // p1 persists into the project's data folder although started from a subfolder; p2 names its own.
    const a = ddbSync(['local', 'start', '--port', String(p1), '--engine', 'dynalite'], sub);
    expect(a.code, a.stderr).toBe(0);
    const b = ddbSync(['local', 'start', '--port', String(p2), '--engine', 'dynalite', '--data-dir', 'mydata'], elsewhere);
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(join(project, '.ddb', 'data', 'dynalite'))).toBe(true);
    expect(existsSync(join(sub, '.ddb'))).toBe(false);
    expect(existsSync(join(elsewhere, 'mydata', 'dynalite'))).toBe(true);

    const one = ddbSync(['local', 'status', '--port', String(p1), '--output', 'json'], sub);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual([
      expect.objectContaining({ up: true, managed: true, engine: 'dynalite', port: p1, dataDir: join(project, '.ddb', 'data', 'dynalite') }),
    ]);

    const all = ddbSync(['local', 'status', '--output', 'json'], elsewhere);
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as { port: number; up: boolean; pid: number }[];
    expect(rows.map((r) => [r.port, r.up])).toEqual([[p1, true], [p2, true]].sort((x, y) => Number(x[0]) - Number(y[0])));
    const table = ddbSync(['local', 'status'], root);
    expect(table.stdout).toContain(`http://127.0.0.1:${p1}`);
    expect(table.stdout).toContain(`http://127.0.0.1:${p2}`);

    const pid1 = rows.find((r) => r.port === p1)!.pid;
    const pid2 = rows.find((r) => r.port === p2)!.pid;
    const stop1 = ddbSync(['local', 'stop', '--port', String(p1)], sub);
    expect(stop1.code, stop1.stderr).toBe(0);
    expect(pidAlive(pid1)).toBe(false);
    expect(ddbSync(['local', 'stop', '--port', String(p1)], elsewhere).code).toBe(3);

    const stopAll = ddbSync(['local', 'stop', '--all'], tmpdir());
    expect(stopAll.code, stopAll.stderr).toBe(0);
    expect(stopAll.stderr).toContain(`port ${p2} (pid ${pid2})`);
    expect(pidAlive(pid2)).toBe(false);
    expect(await portInUse(p1)).toBe(false);
    expect(await portInUse(p2)).toBe(false);
    expect(JSON.parse(ddbSync(['local', 'status', '--output', 'json'], elsewhere).stdout)).toEqual([]);

    const both = ddbSync(['local', 'start', '--in-memory', '--data-dir', 'x', '--port', String(p1)], elsewhere);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("'--data-dir <dir>' cannot be used with option '--in-memory'");
  }, 30_000);
});

describe('a table another run created a moment ago', () => {
  const endpoint = inject('endpoint');

  it('CreateTable on an existing table is "already there": apply waits for ACTIVE and carries on', async () => {
    const db = await Dynamo.connect({ kind: 'local', endpoint, region: 'us-east-1', source: 'flag' });
    const name = `raced-${process.pid}-${Date.now()}`;
    const input = {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
      BillingMode: 'PAY_PER_REQUEST' as const,
    };
    try {
      // The plan was made while the table was missing; the other run creates it before this one applies.
      const plan = [{ table: name, exists: false, refusals: [], steps: [{ table: name, kind: 'safe' as const, text: 'create table', operation: { api: 'CreateTable' as const, input } }] }];
      const other = client(endpoint);
      await other.send(new CreateTableCommand(input)).finally(() => other.destroy());
      const noop = () => {};
      const applied = await applyPlans(db, plan, 3_600, { starting: noop, waiting: noop, done: noop });
      expect(applied.map((s) => s.table)).toEqual([name]);
      expect(await db.createTable(input)).toBe(false);
      expect(await listTables(endpoint)).toContain(name);
    } finally {
      await db.deleteTable(name).catch(() => {});
      db.destroy();
    }
  });
});

describe.skipIf(!built)('two `ddb up` at once on a fresh port', () => {
  it('one starts the engine and creates the table, the other waits for both; both succeed', async () => {
    const project = join(root, 'up');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{}');
    const port = await freePort();
    const args = ['--endpoint-url', `http://127.0.0.1:${port}`, 'up'];
    const runs = await Promise.all([ddbAsync(args, project), ddbAsync(args, project)]);
    try {
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).not.toMatch(/ResourceInUse|preexisting/i);
      }
      const state = readState(stateDir, port)!;
      expect(runs.filter((r) => r.stderr.includes(`started `))).toHaveLength(1);
      expect(runs.filter((r) => r.stderr.includes(`is already running at http://127.0.0.1:${port} (pid ${state.pid})`))).toHaveLength(1);
      expect(await listTables(`http://127.0.0.1:${port}`)).toEqual(['cruddur-messages']);
      expect(state.dataDir).toMatch(new RegExp(`^${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[/\\\\]\\.ddb[/\\\\]data`));
    } finally {
      expect(ddbSync(['local', 'stop', '--port', String(port)], root).code).toBe(0);
    }
    expect(await portInUse(port)).toBe(false);
  }, 60_000);
});
