/**
 * What a command runs with (its Deps): the streams, where it points, a lazily connected Dynamo, a Reporter for news
 * while it runs, a prompt, and the Output its result goes to. Built once per command by the action in define.ts;
 * commands never touch process.*, so tests run them in-process through main(argv, io). Also owns the
 * "→ where this points" line, printed once before the first thing people see.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { type Arg, hintLine } from '../text.js';
import type { Io } from '../io.js';
import type { Reporter } from '../report.js';
import { type GlobalOptions, type Target, describeTarget, resolveTarget, withoutUserInfo } from '../target.js';
import { openOutput, type Output } from '../render/output.js';
import { makeStyle, type Style } from '../render/style.js';
import type { View } from '../render/view.js';
import { type Prompt, terminalPrompt } from './prompt.js';

export interface Deps {
  readonly io: Io;
  /** resolved on first use (a bad --endpoint-url is a usage error then) */
  readonly target: Target;
  /** connects on first use; against AWS, checks region and credentials before any request */
  dynamo(): Promise<Dynamo>;
  readonly report: Reporter;
  readonly prompt: Prompt;
  /** shows an intermediate result to people on stderr while the command goes on (the plan before it is applied) */
  show<T>(view: View<T>, value: T): void;
  /**
   * `ddb …` with the words given and the user's own --endpoint-url/--prod/--region/--profile: a hint that works. Wrap
   * the command's arguments in `arg()` (text.ts): one that starts with "-" then goes after `--`.
   */
  commandLine(...words: readonly (string | number | Arg)[]): string;
}

export class Session implements Deps {
  readonly io: Io;
  readonly report: Reporter;
  readonly prompt: Prompt;
  readonly output: Output;
  private readonly errStyle: Style;
  private resolved: Target | undefined;
  private connecting: Promise<Dynamo> | undefined;
  private region: string | undefined;
  private bannerShown = false;

  constructor(
    io: Io,
    private readonly opts: GlobalOptions,
  ) {
    this.io = io;
    this.errStyle = makeStyle(io.stderr, io.env, Boolean(opts.wide));
    const style = makeStyle(io.stdout, io.env, Boolean(opts.wide));
    this.output = openOutput({ format: opts.output ?? 'table', stdout: io.stdout, stderr: io.stderr, style, errStyle: this.errStyle, beforeFirstLine: () => this.banner() }, io.env);
    this.report = this.output.reporter;
    this.prompt = terminalPrompt(io, () => this.banner());
  }

  get target(): Target {
    this.resolved ??= resolveTarget(this.opts, this.io.env);
    return this.resolved;
  }

  dynamo(): Promise<Dynamo> {
    this.connecting ??= (async () => {
      const { Dynamo } = await import('../aws/dynamo.js');
      const ms = (seconds: number | undefined) => (seconds ?? 60) * 1000;
      const dynamo = await Dynamo.connect(this.target, { env: this.io.env, timeouts: { connectMs: ms(this.opts.cliConnectTimeout), readMs: ms(this.opts.cliReadTimeout) } });
      this.region = dynamo.region;
      return dynamo;
    })();
    return this.connecting;
  }

  show<T>(view: View<T>, value: T): void {
    this.output.show(view, value);
  }

  commandLine(...words: readonly (string | number | Arg)[]): string {
    const o = this.opts;
    const globals = [
      ...(o.endpointUrl ? ['--endpoint-url', withoutUserInfo(o.endpointUrl)] : []),
      ...(o.prod ? ['--prod'] : []),
      ...(o.region ? ['--region', o.region] : []),
      ...(o.profile ? ['--profile', o.profile] : []),
      ...(o.cliReadTimeout !== undefined ? ['--cli-read-timeout', o.cliReadTimeout] : []),
      ...(o.cliConnectTimeout !== undefined ? ['--cli-connect-timeout', o.cliConnectTimeout] : []),
    ];
    return hintLine([...globals, ...words]);
  }

  /**
   * "where this command points", on stderr, before the first thing people see (the output decides when) or a prompt.
   * Only once the command has looked at its target, so an error that comes first stays one line (the error names the
   * endpoint itself).
   */
  private banner(): void {
    if (this.bannerShown || !this.resolved) return;
    this.bannerShown = true;
    const region = this.resolved.kind === 'aws' ? this.region : undefined;
    this.io.stderr.write(this.errStyle.dim(`→ ${describeTarget(this.resolved, region)}`) + '\n');
  }

  async close(): Promise<void> {
    if (this.connecting) (await this.connecting.catch(() => undefined))?.destroy();
  }
}
