/**
 * A stream function run on this machine, in a child process of its own as Lambda runs it in a container of its own:
 * Node (`file.mjs|.js|.cjs[:export]`, default export `handler`) or Python (`file.py[:function]`, default
 * `lambda_handler`, run with `python3`). The child is started once and kept warm between batches; one that dies or
 * times out is started again for the next invocation. Its environment points the SDK or boto3 inside at the same
 * engine (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, and dummy credentials for a local engine). What it prints goes to
 * `log`; requests and answers travel on fds 3 and 4 (./runtimes.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DdbError } from '../errors.js';
import { NODE_RUNTIME, PYTHON_RUNTIME } from './runtimes.js';

export interface HandlerSpec {
  runtime: 'node' | 'python';
  /** absolute path of the file */
  file: string;
  /** the exported function */
  name: string;
  /** as given, for messages */
  text: string;
}

/** Lambda's function error (errorType, errorMessage, stackTrace). */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}

export type Invocation = { ok: true; result: unknown } | { ok: false; error: FunctionError };

/** `FILE[:NAME]` → the runtime, file and function; a usage error for anything else. */
export const parseHandler = (text: string, cwd: string): HandlerSpec => {
  const match = /^(.+?\.(?:mjs|cjs|js|py))(?::([A-Za-z_$][\w$]*))?$/.exec(text);
  if (!match) {
    throw new DdbError('usage', `handler "${text}" is not FILE[:FUNCTION] with a .mjs, .js, .cjs or .py file`, { suggestion: 'e.g. `ddb streams run ./stream.mjs:handler` or `ddb streams run ./function.py:lambda_handler`' });
  }
  const file = resolve(cwd, match[1]!);
  if (!existsSync(file) || !statSync(file).isFile()) throw new DdbError('usage', `handler file ${match[1]} not found`, { suggestion: `check the path (relative to ${cwd})` });
  const runtime = extname(file) === '.py' ? 'python' : 'node';
  return { runtime, file, name: match[2] ?? (runtime === 'python' ? 'lambda_handler' : 'handler'), text };
};

export interface HandlerOptions {
  /** the child's environment (the caller's, with the engine's endpoint, region and credentials) */
  env: NodeJS.ProcessEnv;
  /** a function that has not answered after this long is stopped, as Lambda's timeout does */
  timeoutMs: number;
  /** what the function prints */
  log: (text: string) => void;
  region: string;
}

interface Pending {
  resolve: (answer: Invocation) => void;
  timer: NodeJS.Timeout;
}

/** The handler's child process: `invoke` starts it when none runs. */
export class Handler {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private pending = new Map<string, Pending>();

  constructor(
    readonly spec: HandlerSpec,
    private readonly opts: HandlerOptions,
  ) {}

  get functionName(): string {
    return basename(this.spec.file).replace(/\.[^.]+$/, '');
  }

  /** Loads the function (a cold start); an init error is the handler's fault and ends the run (exit 2). */
  start(): Promise<void> {
    this.ready ??= new Promise<void>((resolveReady, reject) => {
      const { spec } = this;
      const [command, args] = spec.runtime === 'node' ? [process.execPath, ['--input-type=module', '-e', NODE_RUNTIME, '--', spec.file, spec.name]] : ['python3', ['-u', '-c', PYTHON_RUNTIME, spec.file, spec.name]];
      // A process group of its own: the Ctrl-C typed at ddb's terminal must not kill the batch in flight (ddb finishes
      // it, then ends the child). Should ddb die instead, the child reads the end of its requests and exits.
      const child = spawn(command, args, { env: this.opts.env, cwd: resolve(spec.file, '..'), stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], detached: true });
      this.child = child;
      child.stdout!.setEncoding('utf8').on('data', this.opts.log);
      child.stderr!.setEncoding('utf8').on('data', this.opts.log);
      const answers = createInterface({ input: child.stdio[4] as Readable });
      let loaded = false;
      answers.on('line', (line) => {
        const message = JSON.parse(line) as { ready?: true; init?: FunctionError; id?: string } & Invocation;
        if (message.ready) {
          loaded = true;
          resolveReady();
        } else if (message.init) reject(new DdbError('input.invalid', `${spec.text}: ${message.init.errorType}: ${message.init.errorMessage}`, { suggestion: 'fix the function so that it loads, then run again' }));
        else if (message.id) this.settle(message.id, message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
      });
      child.once('error', (error) => reject(new DdbError('usage', `cannot run ${spec.runtime === 'python' ? 'python3' : 'node'} for ${spec.text}: ${error.message}`, { suggestion: spec.runtime === 'python' ? 'install Python 3 (Debian: apt-get install python3)' : undefined })));
      child.once('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
        if (!loaded) reject(new DdbError('input.invalid', `${spec.text} exited while loading (${signal ?? `code ${code}`})`, { suggestion: 'see its output above' }));
        for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${id} Error: Runtime exited ${signal ? `with signal: ${signal}` : `with error: exit status ${code}`}` } });
      });
    });
    return this.ready;
  }

  async invoke(event: unknown): Promise<Invocation> {
    await this.start();
    const child = this.child!;
    const id = randomUUID();
    const timeoutMs = this.opts.timeoutMs;
    const context = {
      functionName: this.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.opts.region}:000000000000:function:${this.functionName}`,
      memoryLimitInMB: '128',
      awsRequestId: id,
      logGroupName: `/aws/lambda/${this.functionName}`,
      logStreamName: 'ddb-streams-run',
      timeoutMs,
    };
    return new Promise<Invocation>((resolveInvoke) => {
      const timer = setTimeout(() => {
        this.settle(id, { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${id} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` } });
        child.kill('SIGKILL'); // a timed-out function's container is not reused
      }, timeoutMs);
      this.pending.set(id, { resolve: resolveInvoke, timer });
      (child.stdio[3] as Writable).write(`${JSON.stringify({ id, event, context })}\n`);
    });
  }

  private settle(id: string, answer: Invocation): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(answer);
  }

  /** Ends the child (its stdin of requests closes; a child that lingers is killed). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    (child.stdio[3] as Writable).end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
