/**
 * What a command runs with: its streams, where it points, how to print, and a lazily connected Dynamo.
 * Created once per command by cli.ts; commands never touch process.* directly, so tests can run them in-process.
 */
import type { ChalkInstance } from 'chalk';
import { type GlobalOptions, type OutputFormat, type Target, describeTarget, resolveTarget } from './context.js';
import { makeChalk } from './render/color.js';
import type { Dynamo } from './aws/dynamo.js';
import type { Io } from './io.js';

export type { InStream, Io, OutStream } from './io.js';
export { processIo } from './io.js';

export class Runtime {
  readonly io: Io;
  readonly opts: GlobalOptions;
  readonly output: OutputFormat;
  readonly chalk: ChalkInstance;
  readonly errChalk: ChalkInstance;
  private resolved: Target | undefined;
  private dynamoPromise: Promise<Dynamo> | undefined;
  private bannerShown = false;

  constructor(io: Io, opts: GlobalOptions) {
    this.io = io;
    this.opts = opts;
    this.output = opts.output ?? 'table';
    this.chalk = makeChalk(io.stdout, io.env);
    this.errChalk = makeChalk(io.stderr, io.env);
  }

  get target(): Target {
    this.resolved ??= resolveTarget(this.opts, this.io.env);
    return this.resolved;
  }

  get human(): boolean {
    return this.output === 'table';
  }

  /** Data for stdout. */
  out(text: string): void {
    this.banner();
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Progress and summaries for people: stderr, and only with table output (scripts get JSON on stdout). */
  info(text: string): void {
    if (!this.human) return;
    this.banner();
    this.io.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.banner();
    this.io.stderr.write(`${this.errChalk.yellow('warning:')} ${text}\n`);
  }

  /**
   * "where this command points", on stderr. Shown before the first thing the command prints, so an error that
   * happens first stays a single line (the error names the endpoint itself).
   */
  banner(): void {
    if (this.bannerShown || !this.human || !this.resolved) return;
    this.bannerShown = true;
    const region = this.resolved.kind === 'aws' ? this.region : undefined;
    this.io.stderr.write(this.errChalk.dim(`→ ${describeTarget(this.resolved, region)}`) + '\n');
  }

  private region: string | undefined;

  /** Connects on first use (and, against AWS, checks region and credentials before any request). */
  dynamo(): Promise<Dynamo> {
    this.dynamoPromise ??= (async () => {
      const target = this.target;
      const { Dynamo } = await import('./aws/dynamo.js');
      const dynamo = await Dynamo.connect(target);
      this.region = dynamo.region;
      return dynamo;
    })();
    return this.dynamoPromise;
  }

  async close(): Promise<void> {
    if (this.dynamoPromise) (await this.dynamoPromise.catch(() => undefined))?.destroy();
  }
}
