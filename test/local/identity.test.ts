/**
 * ddb stops only what it started: an engine is known by the token ddb put on its command line and its start time, not
 * by a word in it. A stale state file naming another engine or an unrelated process leaves both alone; a start
 * interrupted by a signal leaves no engine behind, a kill -9 of ddb leaves one that status and stop still know; a
 * corrupt state file orphans nothing; a second project's `ddb up` on the same port is told whose data is there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { findByTokenPrefix } from '../../src/local/process.js';
import { newToken, readState, statePath, tokenPrefix, writeState } from '../../src/local/state.js';
import { portInUse } from '../../src/local/net.js';
import { findJava } from '../../src/local/java.js';
import { BIN } from '../helpers/run.js';
import { freePort, isLinux, pidAlive } from './helpers.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ddb-identity-')));
const stateDir = join(root, 'state');
const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_STATE_DIR: stateDir };
const started: ChildProcess[] = [];

const ddb = (args: string[], cwd = root) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

/** Engines ddb started for this state folder on `port`, found by their token. */
const enginesOn = (port: number): number[] => findByTokenPrefix(tokenPrefix(stateDir, port)).map((p) => p.pid);

const waitFor = async (what: string, check: () => boolean, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

afterAll(() => {
  ddb(['local', 'stop', '--all']);
  for (const child of started) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
}, 30_000);

const hasJava = (await findJava()).ok;

describe.skipIf(!isLinux)('a state file that names a process ddb did not start', () => {
  it('another engine of ours on the next port, and a program whose command line says LocalLauncher: neither is stopped', async () => {
    const portA = await freePort();
    expect(ddb(['local', 'start', '--port', String(portA), '--in-memory', '--engine', 'dynalite']).code).toBe(0);
    const a = readState(stateDir, portA)!;
    const portB = await freePort();

    // What a reboot and pid reuse look like: port B's file names A's pid — with B's own token, with A's (a copied
    // file), and with none (an older ddb's file).
    for (const token of [newToken(stateDir, portB), a.token, undefined]) {
      writeState(stateDir, { ...a, port: portB, endpoint: `http://127.0.0.1:${portB}`, token });
      const stop = ddb(['local', 'stop', '--port', String(portB)]);
      expect(stop.code, stop.stderr).toBe(3);
      expect(stop.stderr).toContain(`pid ${a.pid} is not the engine ddb started on port ${portB}: left alone`);
      expect(pidAlive(a.pid)).toBe(true);
      expect(existsSync(statePath(stateDir, portB))).toBe(false);
    }

    // An unrelated program whose command line holds the words the old check looked for.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'LocalLauncher', '-port', String(portB), 'dynalite-server.js'], { stdio: 'ignore' });
    started.push(other);
    await waitFor('the other program', () => pidAlive(other.pid!));
    writeState(stateDir, { ...a, port: portB, pid: other.pid!, endpoint: `http://127.0.0.1:${portB}`, token: newToken(stateDir, portB) });
    const status = ddb(['local', 'status', '--port', String(portB), '-o', 'json']);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ managed: false, up: false });
    const all = ddb(['local', 'stop', '--all']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain(`pid ${other.pid} is not the engine ddb started on port ${portB}: left alone`);
    expect(all.stderr).toContain(`stopped the engine on port ${portA} (pid ${a.pid})`);
    expect(pidAlive(other.pid!)).toBe(true);
    await waitFor('engine A to stop', () => !pidAlive(a.pid));
  });

  it('a corrupt state file does not orphan the running engine: status finds it by its token, stop stops it', async () => {
    const port = await freePort();
    expect(ddb(['local', 'start', '--port', String(port), '--in-memory', '--engine', 'dynalite']).code).toBe(0);
    const { pid } = readState(stateDir, port)!;
    writeFileSync(statePath(stateDir, port), '{garbage');
    const status = ddb(['local', 'status', '--port', String(port), '-o', 'json']);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ up: true, managed: true, pid, engine: 'dynalite' });
    writeFileSync(statePath(stateDir, port), '{garbage');
    // with no state file at all, `status` (every engine) still lists it: found by the state folder's token
    rmSync(statePath(stateDir, port));
    expect(JSON.parse(ddb(['local', 'status', '-o', 'json']).stdout)).toContainEqual(expect.objectContaining({ port, pid, up: true, managed: true }));
    writeFileSync(statePath(stateDir, port), '{garbage');
    const stop = ddb(['local', 'stop', '--port', String(port)]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stderr).toContain(`stopped the engine on port ${port} (pid ${pid})`);
    expect(pidAlive(pid)).toBe(false);
    expect(await portInUse(port)).toBe(false);
  });
});

describe.skipIf(!isLinux || !hasJava)('a `ddb local start` interrupted while it waits for the engine', () => {
  /** Starts DynamoDB Local (a JVM takes a second or more to answer) and resolves once ddb has spawned it. */
  const startAndCatch = async (port: number) => {
    const child = spawn(process.execPath, [BIN, 'local', 'start', '--port', String(port), '--in-memory', '--engine', 'dynamodb-local'], { cwd: root, env, stdio: 'ignore' });
    started.push(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitFor('the engine to be spawned', () => readState(stateDir, port)?.status === 'starting');
    return { child, exited, engine: readState(stateDir, port)!.pid };
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: ddb dies of it and takes its engine, its state file and its lock with it`, { timeout: 60_000 }, async () => {
      const port = await freePort();
      const { child, exited, engine } = await startAndCatch(port);
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      await waitFor('the engine to go', () => !pidAlive(engine), 5_000);
      expect(enginesOn(port)).toEqual([]);
      expect(existsSync(statePath(stateDir, port))).toBe(false);
      expect(existsSync(join(stateDir, `local-${port}.lock`))).toBe(false);
      expect(await portInUse(port)).toBe(false);
    });
  }

  it('kill -9 of ddb: the engine it left is "up" in status and stopped by stop; start finds it running', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const { child, exited, engine } = await startAndCatch(port);
    child.kill('SIGKILL');
    await exited;
    // a JVM on a loaded machine can take a while to answer: what matters is that status finds it when it does
    await waitFor('the orphan to answer', () => JSON.parse(ddb(['local', 'status', '--port', String(port), '-o', 'json']).stdout)[0].up === true, 90_000);
    expect(JSON.parse(ddb(['local', 'status', '--port', String(port), '-o', 'json']).stdout)[0]).toMatchObject({ managed: true, pid: engine });
    const again = ddb(['local', 'start', '--port', String(port), '--in-memory']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`already running on port ${port} (pid ${engine})`);
    const stop = ddb(['local', 'stop', '--port', String(port)]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(pidAlive(engine)).toBe(false);
    expect(enginesOn(port)).toEqual([]);
  });
});

describe.skipIf(!isLinux)("a second project's `ddb up` on a port where the first project's engine runs", () => {
  it('says whose data the engine serves and what to do, and writes nothing', async () => {
    const port = await freePort();
    const [first, second] = ['first', 'second'].map((name) => {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{}');
      return dir;
    }) as [string, string];
    expect(ddb(['local', 'start', '--port', String(port), '--engine', 'dynalite'], first).code).toBe(0);
    const up = ddb(['--endpoint-url', `http://localhost:${port}`, 'up'], second);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`serves another project's data folder ${join(first, '.ddb', 'data', 'dynalite')}, not ${join(second, '.ddb', 'data')}`);
    expect(up.stderr).toContain(`ddb local stop --port ${port}`);
    const list = ddb(['--endpoint-url', `http://localhost:${port}`, 'list-tables', '-o', 'json'], first);
    expect(JSON.parse(list.stdout)).toEqual([]);
    // The same project's `local start` again is "already running"; another project's is told the same as `up`.
    expect(ddb(['local', 'start', '--port', String(port), '--engine', 'dynalite'], first).stderr).toContain('already running');
    const start = ddb(['local', 'start', '--port', String(port), '--engine', 'dynalite'], second);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('serves another data folder');
    expect(ddb(['local', 'stop', '--port', String(port)]).code).toBe(0);
    expect(readFileSync(join(first, 'package.json'), 'utf8')).toBe('{}');
  });
});
