import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** DynamoDB Local 3.x is compiled for Java 17 (class file version 61). */
export const MIN_JAVA_MAJOR = 17;

export type JavaCheck =
  | { ok: true; command: string; major: number; version: string }
  | { ok: false; reason: string };

/**
 * Finds a java binary (JAVA_HOME first, as build tools do, then PATH) and checks it is ≥ 17.
 * Only a JRE is needed: ddb ships LocalLauncher.class precompiled.
 */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaCheck> {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  const fromHome = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', exe) : undefined;
  const command = fromHome && existsSync(fromHome) ? fromHome : 'java';
  let output: string;
  try {
    output = await versionOutput(command);
  } catch (error) {
    const { code, killed } = error as NodeJS.ErrnoException & { killed?: boolean };
    if (code === 'ENOENT') return { ok: false, reason: 'no Java found' };
    return { ok: false, reason: `\`${command} -version\` ${killed ? 'did not finish in 10 s' : 'failed'}` };
  }
  const parsed = parseJavaVersion(output);
  if (!parsed) return { ok: false, reason: `could not read the Java version from \`${command} -version\`` };
  if (parsed.major < MIN_JAVA_MAJOR) {
    return { ok: false, reason: `Java ${parsed.version} is too old (DynamoDB Local needs ${MIN_JAVA_MAJOR}+)` };
  }
  return { ok: true, command, ...parsed };
}

/**
 * `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15` or, before Java 9,
 * `java version "1.8.0_292"` (major 8).
 */
export function parseJavaVersion(output: string): { major: number; version: string } | null {
  const match = /version "([^"]+)"/.exec(output);
  if (!match?.[1]) return null;
  const version = match[1];
  const parts = version.split(/[._+-]/).map((part) => Number.parseInt(part, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return major !== undefined && Number.isFinite(major) ? { major, version } : null;
}

function versionOutput(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // macOS ships a /usr/bin/java stub that exits non-zero without a JDK: that counts as "no Java".
    execFile(command, ['-version'], { timeout: 10_000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(error);
      else resolve(`${stderr}\n${stdout}`);
    });
  });
}
