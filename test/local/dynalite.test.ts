import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { isDdbError } from '../../src/errors.js';
import { dynaliteServerScript } from '../../src/local/dynalite.js';
import { startLocal, stopLocal } from '../../src/local/engine.js';
import { parseJavaVersion } from '../../src/local/java.js';
import { portInUse } from '../../src/local/net.js';
import {
  browserRequest,
  client,
  corsHeaders,
  freePort,
  isLinux,
  listeningAddresses,
  listTables,
  LOOPBACK_ADDRESSES,
  pidAlive,
} from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ddb-dynalite-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function expectClosedToBrowsers(port: number): Promise<void> {
  for (const method of ['POST', 'OPTIONS'] as const) {
    const response = await browserRequest(port, method);
    expect(corsHeaders(response.headers)).toEqual([]);
    expect(response.status).toBe(403);
  }
}

function expectLoopbackOnly(port: number): void {
  const addresses = listeningAddresses(port);
  expect(addresses.length).toBeGreaterThan(0);
  for (const address of addresses) expect(LOOPBACK_ADDRESSES).toContain(address);
}

const createTable = (endpoint: string, name: string) => {
  const ddb = client(endpoint);
  return ddb
    .send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    .finally(() => ddb.destroy());
};

describe('dynalite, non-detached (in process)', () => {
  it('answers the SDK, loopback only, closed to browsers', async () => {
    const engine = await startLocal({ port: await freePort(), inMemory: true, engine: 'dynalite', detached: false });
    try {
      expect(engine).toMatchObject({ engine: 'dynalite', version: '4.0.0', dataDir: null, pid: process.pid });
      expect(await listTables(engine.endpoint)).toEqual([]);
      if (isLinux) expectLoopbackOnly(engine.port);
      await expectClosedToBrowsers(engine.port);
    } finally {
      await engine.stop();
    }
    expect(await portInUse(engine.port)).toBe(false);
  });

  it('keeps data in LevelDB under <dataDir>/dynalite across restarts', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const first = await startLocal({ port, inMemory: false, dataDir, engine: 'dynalite', detached: false });
    expect(first.dataDir).toBe(join(dataDir, 'dynalite'));
    await createTable(first.endpoint, 'kept');
    await first.stop();
    expect(existsSync(join(dataDir, 'dynalite', 'CURRENT'))).toBe(true);

    const second = await startLocal({ port, inMemory: false, dataDir, engine: 'dynalite', detached: false });
    try {
      expect(await listTables(second.endpoint)).toEqual(['kept']);
    } finally {
      await second.stop();
    }
  });
});

// Detached dynalite runs dist/local/dynalite-server.js: `npm test` builds it first.
const built = (() => {
  try {
    return Boolean(dynaliteServerScript());
  } catch {
    return false;
  }
})();

describe.skipIf(!built)('dynalite, detached', () => {
  it('runs in the background, loopback only, closed to browsers, and stops', async () => {
    const stateDir = join(root, '.ddb');
    const port = await freePort();
    const engine = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: true, stateDir });
    try {
      expect(engine.pid).not.toBe(process.pid);
      expect(await listTables(engine.endpoint)).toEqual([]);
      if (isLinux) expectLoopbackOnly(port);
      await expectClosedToBrowsers(port);
      const again = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: true, stateDir });
      expect(again.alreadyRunning).toBe(true);
    } finally {
      expect(await stopLocal({ port, stateDir })).toEqual({ stopped: true, pid: engine.pid });
    }
    expect(pidAlive(engine.pid)).toBe(false);
    expect(await portInUse(port)).toBe(false);
  }, 20_000);

  it.skipIf(process.platform === 'win32')('a hung engine of ours is reported, not replaced', async () => {
    const stateDir = join(root, '.ddb');
    const port = await freePort();
    const engine = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: true, stateDir });
    process.kill(engine.pid, 'SIGSTOP');
    try {
      const error = await startLocal({ port, inMemory: true, engine: 'dynalite', detached: true, stateDir }).catch(
        (e: unknown) => e,
      );
      expect(isDdbError(error) && error.code).toBe('local.portBusy');
      expect((error as Error).message).toContain(`(pid ${engine.pid}) is not answering`);
      expect(isDdbError(error) && error.suggestion).toContain(`ddb local stop --port ${port}`);
    } finally {
      process.kill(engine.pid, 'SIGCONT');
      await stopLocal({ port, stateDir });
    }
  }, 20_000);
});

describe('choosing the engine', () => {
  const withoutJava = async <T>(run: () => Promise<T>): Promise<T> => {
    const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };
    process.env.PATH = join(root, 'no-java-here');
    delete process.env.JAVA_HOME;
    try {
      return await run();
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.JAVA_HOME !== undefined) process.env.JAVA_HOME = saved.JAVA_HOME;
    }
  };

  it('auto falls back to dynalite without Java, and says so through log', async () => {
    const lines: string[] = [];
    const engine = await withoutJava(async () =>
      startLocal({ port: await freePort(), inMemory: true, engine: 'auto', detached: false, log: (l) => lines.push(l) }),
    );
    try {
      expect(engine.engine).toBe('dynalite');
      expect(lines.join('\n')).toMatch(/no Java found; using dynalite/);
    } finally {
      await engine.stop();
    }
  });

  it('dynamodb-local without Java is a one-line startFailed', async () => {
    const error = await withoutJava(async () =>
      startLocal({ port: await freePort(), inMemory: true, engine: 'dynamodb-local', detached: false }).catch((e: unknown) => e),
    );
    expect(isDdbError(error) && error.code).toBe('local.startFailed');
    expect((error as Error).message).toBe('DynamoDB Local needs Java 17 or newer: no Java found');
  });

  it('reads java -version output', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toEqual({ major: 17, version: '17.0.15' });
    expect(parseJavaVersion('java version "1.8.0_292"')).toEqual({ major: 8, version: '1.8.0_292' });
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toEqual({ major: 21, version: '21' });
    expect(parseJavaVersion('garbage')).toBeNull();
  });
});
