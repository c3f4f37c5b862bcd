/** Runs the built ddb as a user would: a child process, its exit code, stderr and stdout. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/ddb', import.meta.url));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

export const ddb = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Result => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024, // exports print several MB; spawnSync would kill the child past its 1 MB default
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
};

/**
 * Runs the built ddb on a pseudo-terminal (util-linux `script`), typing `input`: for the typed confirmations that
 * ddb asks only on a terminal. Output is what the terminal showed (stdout and stderr together).
 */
export const ddbOnTty = (args: string[], input: string): Result => {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    input,
    encoding: 'utf8',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
};
