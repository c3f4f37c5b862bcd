/**
 * Running ddb in tests. `ddb` calls the CLI in-process — main(argv, io) with captured streams — as most tests do;
 * `ddbBin` and `ddbOnTty` run the built binary as a user would (the end-to-end layer: transcripts, prompts on a
 * terminal, signals, start-up).
 */
import { spawn, spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import type { Io, OutStream } from '../../src/io.js';

export const BIN = fileURLToPath(new URL('../../bin/ddb', import.meta.url));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

const capture = (columns?: number): OutStream & { text: string } => {
  const out = { text: '', isTTY: false, columns, write: (chunk: string) => ((out.text += chunk), true) };
  return out;
};

/** ddb in this process: what a user would see on stdout and stderr, and the exit code. */
export const ddb = async (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; columns?: number } = {}): Promise<Result> => {
  const stdout = capture(opts.columns);
  const stderr = capture();
  const stdin = Readable.from([opts.input ?? '']) as unknown as Io['stdin'];
  const io: Io = { stdout, stderr, stdin, env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...opts.env }, cwd: opts.cwd ?? process.cwd() };
  const code = await main(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text, json: () => JSON.parse(stdout.text) };
};

/** The built ddb as a child process, its exit code, stderr and stdout. */
export const ddbBin = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Result => {
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

/** Like ddbOnTty, but types `keys` only once the terminal shows `prompt` (a Ctrl-C typed earlier would stop ddb). */
export const ddbOnTtyAnswering = (args: string[], prompt: string, keys: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' } });
    let shown = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      shown += s;
      if (!typed && shown.includes(prompt)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: shown, stderr: '', json: () => JSON.parse(shown) }));
  });
