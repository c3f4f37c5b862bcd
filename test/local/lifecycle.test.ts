import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { isDdbError } from '../../src/errors.js';
import { localStatus, startLocal, stopLocal } from '../../src/local/engine.js';
import { portInUse } from '../../src/local/net.js';
import { statePath, writeState } from '../../src/local/state.js';
import { client, freePort, isLinux, launcherPids, listTables, pidAlive } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-local-test-'));
const stateDir = join(root, '.ddb');
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('detached DynamoDB Local', () => {
  it('start → state file → already running → status → stop → down; data persists', async () => {
    const port = await freePort();
    const first = await startLocal({ port, inMemory: false, engine: 'dynamodb-local', detached: true, stateDir, dataDir });
    try {
      expect(first).toMatchObject({ engine: 'dynamodb-local', port, dataDir, endpoint: `http://127.0.0.1:${port}` });
      expect(first.alreadyRunning).toBeUndefined();
      const state = JSON.parse(readFileSync(statePath(stateDir, port), 'utf8'));
      expect(state).toEqual({
        engine: 'dynamodb-local',
        version: '3.3.0',
        port,
        pid: first.pid,
        dataDir,
        startedAt: first.startedAt,
        endpoint: first.endpoint,
        // who the engine is: the token on its command line and its start time (src/local/process.ts isOurEngine)
        token: expect.stringMatching(/^ddb-[0-9a-f]{8}-\d+-[0-9a-f]{12}$/),
        startTime: expect.stringMatching(/^\d+$/),
      });

      const ddb = client(first.endpoint);
      await ddb.send(
        new CreateTableCommand({
          TableName: 'kept',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      ddb.destroy();

      const again = await startLocal({ port, inMemory: false, engine: 'dynamodb-local', detached: true, stateDir, dataDir });
      expect(again).toMatchObject({ alreadyRunning: true, pid: first.pid, engine: 'dynamodb-local' });

      expect(await localStatus({ port, stateDir })).toEqual({
        up: true,
        engine: 'dynamodb-local',
        version: '3.3.0',
        port,
        pid: first.pid,
        dataDir,
        endpoint: first.endpoint,
        managed: true,
      });

      expect(await stopLocal({ port, stateDir })).toEqual({ stopped: true, pid: first.pid });
      expect(pidAlive(first.pid)).toBe(false);
      expect(existsSync(statePath(stateDir, port))).toBe(false);
      expect(await localStatus({ port, stateDir })).toEqual({ up: false, port, endpoint: first.endpoint, managed: false });
      expect(await portInUse(port)).toBe(false);
      expect(await stopLocal({ port, stateDir })).toEqual({ stopped: false });

      // The table lives in dataDir, so a new engine sees it.
      const second = await startLocal({ port, inMemory: false, engine: 'dynamodb-local', detached: true, stateDir, dataDir });
      expect(await listTables(second.endpoint)).toEqual(['kept']);
      await second.stop();
      expect(pidAlive(second.pid)).toBe(false);
    } finally {
      await stopLocal({ port, stateDir });
    }
  }, 40_000);

  it.skipIf(!isLinux)('a start that never answers is killed, with no state file and no JVM left', async () => {
    const port = await freePort();
    const saved = process.env.JAVA_TOOL_OPTIONS;
    // The JVM runs fine but listens on 127.0.0.2 (still loopback on Linux), so 127.0.0.1 never answers.
    process.env.JAVA_TOOL_OPTIONS = '-Dddb.host=127.0.0.2';
    try {
      const error = await startLocal({
        port,
        inMemory: true,
        engine: 'dynamodb-local',
        detached: true,
        stateDir,
        startTimeoutMs: 1500,
      }).catch((e: unknown) => e);
      expect(isDdbError(error) && error.code).toBe('local.startFailed');
      expect((error as Error).message).toContain('did not answer within 1.5 s');
    } finally {
      if (saved === undefined) delete process.env.JAVA_TOOL_OPTIONS;
      else process.env.JAVA_TOOL_OPTIONS = saved;
    }
    expect(launcherPids(port)).toEqual([]);
    expect(existsSync(statePath(stateDir, port))).toBe(false);
  }, 20_000);
});

describe('ports and stale state', () => {
  const listen = (port: number, host: string): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });

  for (const host of ['127.0.0.1', '0.0.0.0', '::']) {
    it(`a port held by another program on ${host} → local.portBusy`, async () => {
      const port = await freePort();
      const other = await listen(port, host);
      try {
        const error = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: false, stateDir }).catch(
          (e: unknown) => e,
        );
        expect(isDdbError(error) && error.code).toBe('local.portBusy');
        expect((error as Error).message).toContain(`port ${port} is in use`);
        expect(isDdbError(error) && error.suggestion).toContain('--port');
      } finally {
        other.close();
      }
    });
  }

  it('a state file whose pid is dead is stale: stop says not running, start works', async () => {
    const port = await freePort();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = { engine: 'dynalite' as const, version: '4.0.0', port, pid: dead, dataDir: null, startedAt: '', endpoint: `http://127.0.0.1:${port}` };
    writeState(stateDir, stale);
    expect((await localStatus({ port, stateDir })).managed).toBe(false);
    expect(await stopLocal({ port, stateDir })).toEqual({ stopped: false });
    expect(existsSync(statePath(stateDir, port))).toBe(false);

    writeState(stateDir, stale);
    const engine = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: false, stateDir });
    expect(engine.alreadyRunning).toBeUndefined();
    await engine.stop();
  });

  it('rejects a port out of range', async () => {
    const error = await stopLocal({ port: 70000, stateDir }).catch((e: unknown) => e);
    expect(isDdbError(error) && error.code).toBe('input.invalid');
  });
});
