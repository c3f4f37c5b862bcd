import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDdbError } from '../../src/errors.js';
import { javaArgs, JVM_PROFILES, locateDynamoDbLocal, SQLITE_PRAGMAS } from '../../src/local/dynamodb-local.js';
import { isAnswering, startLocal, type RunningEngine } from '../../src/local/engine.js';
import { portInUse } from '../../src/local/net.js';
import {
  browserRequest,
  corsHeaders,
  freePort,
  isLinux,
  launcherPids,
  listeningAddresses,
  listTables,
  LOOPBACK_ADDRESSES,
  pidAlive,
} from './helpers.js';

describe('DynamoDB Local, in memory, non-detached', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    engine = await startLocal({ port: await freePort(), inMemory: true, engine: 'dynamodb-local', detached: false });
  }, 30_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it('answers the SDK on 127.0.0.1 with fake credentials', async () => {
    expect(engine).toMatchObject({ engine: 'dynamodb-local', version: '3.3.0', dataDir: null });
    expect(engine.endpoint).toBe(`http://127.0.0.1:${engine.port}`);
    expect(await listTables(engine.endpoint)).toEqual([]);
  });

  it.skipIf(!isLinux)('listens on loopback only', () => {
    const addresses = listeningAddresses(engine.port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK_ADDRESSES).toContain(address);
  });

  it('refuses browsers: no Access-Control-* headers, preflight 403', async () => {
    const post = await browserRequest(engine.port, 'POST');
    expect(corsHeaders(post.headers)).toEqual([]);
    expect(post.status).toBe(403);
    const preflight = await browserRequest(engine.port, 'OPTIONS');
    expect(corsHeaders(preflight.headers)).toEqual([]);
    expect(preflight.status).toBe(403);
  });


  it('stop() ends the JVM and frees the port', async () => {
    const { pid, port } = engine;
    await engine.stop();
    expect(pidAlive(pid)).toBe(false);
    expect(await portInUse(port)).toBe(false);
  });
});

describe('DynamoDB Local telemetry', () => {
  // The engine writes dynamodb-local-metadata.json into its working directory when telemetry is on. A detached
  // engine runs in its state folder: a fresh one here, so the file would be seen (the in-memory engine above runs in
  // the shared temp folder, where a file could come from anything).
  it('is off: a detached engine that served a request leaves no metadata file in its working directory', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ddb-telemetry-'));
    const detached = await startLocal({ port: await freePort(), inMemory: true, engine: 'dynamodb-local', detached: true, stateDir });
    try {
      expect(await listTables(detached.endpoint)).toEqual([]);
    } finally {
      await detached.stop();
    }
    expect(readdirSync(stateDir).filter((f) => f.includes('metadata'))).toEqual([]);
    rmSync(stateDir, { recursive: true, force: true });
  }, 30_000);
});

describe('DynamoDB Local failures and the watchdog', () => {
  it('passes telemetry off and sharedDb', () => {
    const spec = { port: 8000, endpoint: '', dataDir: null, stateDir: '', detached: false, startTimeoutMs: 1 };
    const args = javaArgs(spec, locateDynamoDbLocal());
    expect(args).toEqual(expect.arrayContaining(['-disableTelemetry', '-sharedDb', '-inMemory', '-Dddb.exitOnStdinEof=true']));
  });

  it('JVM flags: the test profile for a non-detached engine, the dev profile for a detached one; DDB_LOCAL_JVM_PROFILE overrides', () => {
    const spec = { port: 8000, endpoint: '', dataDir: null, stateDir: '', detached: false, startTimeoutMs: 1 };
    const dist = locateDynamoDbLocal();
    const saved = process.env.DDB_LOCAL_JVM_PROFILE; // the test run sets it (vitest.config.ts)
    try {
      delete process.env.DDB_LOCAL_JVM_PROFILE;
      expect(javaArgs(spec, dist).slice(0, JVM_PROFILES.test.length)).toEqual(JVM_PROFILES.test);
      expect(javaArgs({ ...spec, detached: true }, dist).slice(0, JVM_PROFILES.dev.length)).toEqual(JVM_PROFILES.dev);
      process.env.DDB_LOCAL_JVM_PROFILE = 'test';
      expect(javaArgs({ ...spec, detached: true }, dist).slice(0, JVM_PROFILES.test.length)).toEqual(JVM_PROFILES.test);
      process.env.DDB_LOCAL_JVM_PROFILE = 'dev';
      expect(javaArgs(spec, dist).slice(0, JVM_PROFILES.dev.length)).toEqual(JVM_PROFILES.dev);
    } finally {
      if (saved === undefined) delete process.env.DDB_LOCAL_JVM_PROFILE;
      else process.env.DDB_LOCAL_JVM_PROFILE = saved;
    }
    expect(JVM_PROFILES.dev).not.toContain('-XX:TieredStopAtLevel=1');
  });

  it('SQLite tuning: only for data on disk', () => {
    const spec = { port: 8000, endpoint: '', dataDir: null, stateDir: '', detached: true, startTimeoutMs: 1 };
    const dist = locateDynamoDbLocal();
    expect(javaArgs(spec, dist).filter((a) => a.startsWith('-Dddb.sqlitePragmas='))).toEqual([]);
    expect(SQLITE_PRAGMAS).toEqual(expect.arrayContaining(['journal_mode=WAL', 'synchronous=OFF']));
    expect(javaArgs({ ...spec, dataDir: '/data' }, dist)).toContain(`-Dddb.sqlitePragmas=${SQLITE_PRAGMAS.join(';')}`);
  });

  it.skipIf(!isLinux)('a JVM spawned with a stdin pipe exits when its parent dies', async () => {
    const port = await freePort();
    const spec = { port, endpoint: '', dataDir: null, stateDir: '', detached: false, startTimeoutMs: 1 };
    // A throwaway parent: it spawns the JVM as startLocal does, then we SIGKILL the parent.
    const script = `const c = require('node:child_process').spawn('java', JSON.parse(process.argv[1]), { stdio: ['pipe', 'ignore', 'ignore'] }); console.log(c.pid);`;
    const parent = spawn(process.execPath, ['-e', script, JSON.stringify(javaArgs(spec, locateDynamoDbLocal()))], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    });
    const jvmPid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(String(d)))));
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && !(await isAnswering(endpoint, 300)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await isAnswering(endpoint)).toBe(true);
    parent.kill('SIGKILL');
    for (let i = 0; i < 100 && pidAlive(jvmPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pidAlive(jvmPid)).toBe(false);
  }, 30_000);

  it('an engine that exits early: startFailed with its stderr, no JVM left', async () => {
    const port = await freePort();
    const saved = process.env.JAVA_TOOL_OPTIONS;
    // Binding an address this machine does not have (TEST-NET-1) fails locally; nothing is sent.
    process.env.JAVA_TOOL_OPTIONS = '-Dddb.host=192.0.2.1';
    try {
      const error = await startLocal({ port, inMemory: true, engine: 'dynamodb-local', detached: false }).catch((e: unknown) => e);
      expect(isDdbError(error) && error.code).toBe('local.startFailed');
      expect((error as Error).message).toMatch(/could not start DynamoDB Local on 192\.0\.2\.1/);
      expect((error as Error).message).not.toMatch(/\n/);
    } finally {
      if (saved === undefined) delete process.env.JAVA_TOOL_OPTIONS;
      else process.env.JAVA_TOOL_OPTIONS = saved;
    }
    expect(launcherPids(port)).toEqual([]);
  }, 30_000);
});
