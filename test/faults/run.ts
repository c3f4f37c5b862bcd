/**
 * The built ddb as a child process, without blocking: the fault proxy lives in the test process, so a synchronous
 * spawn would leave it unable to answer.
 */
import { spawn } from 'node:child_process';
import { BIN, type Result } from '../helpers/run.js';

export const ddbAsync = (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Result & { ms: number }> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout), ms: Date.now() - started }));
    child.stdin.end(opts.input ?? '');
  });
