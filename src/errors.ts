/**
 * One error type for everything ddb reports to a user. Commands throw; the single handler in cli.ts
 * prints `message` (and `suggestion`) as one line on stderr and exits with `exitCode`.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  unreachable: 4,
  refused: 5,
  /** the live tables (or a generated client: `patterns codegen --check`) differ from the schema file */
  drift: 6,
  /** `ddb audit`: at least one check failed */
  auditFailed: 7,
  /** a transactional write kept being cancelled by concurrent changes; nothing was written */
  conflict: 8,
  /** `ddb patterns cost --budget`: the month costs more */
  overBudget: 9,
  /** stopped by Ctrl-C (128 + SIGINT) */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage'
  | 'input.invalid'
  | 'schema.invalid'
  | 'schema.drift'
  | 'audit.failed'
  | 'user.notFound'
  | 'table.notFound'
  | 'item.notFound'
  | 'item.exists'
  | 'condition.failed'
  | 'item.inconsistent'
  | 'write.conflict'
  | 'cost.overBudget'
  | 'endpoint.unreachable'
  | 'safety.refused'
  | 'safety.deletionProtection'
  | 'aws.credentials'
  | 'aws.region'
  | 'aws.failure'
  | 'local.portBusy'
  | 'local.alreadyRunning'
  | 'local.startFailed'
  | 'local.notRunning'
  | 'cancelled'
  | 'internal';

const exitCodes: Record<ErrorCode, ExitCode> = {
  usage: ExitCode.usage,
  'input.invalid': ExitCode.usage,
  'schema.invalid': ExitCode.usage,
  'schema.drift': ExitCode.drift,
  'audit.failed': ExitCode.auditFailed,
  'user.notFound': ExitCode.notFound,
  'table.notFound': ExitCode.notFound,
  'item.notFound': ExitCode.notFound,
  /** put --if-not-exists, PartiQL INSERT: an item with that key is there (nothing written) */
  'item.exists': ExitCode.refused,
  /** a ConditionExpression did not hold (nothing written) */
  'condition.failed': ExitCode.refused,
  'item.inconsistent': ExitCode.failure,
  'write.conflict': ExitCode.conflict,
  'cost.overBudget': ExitCode.overBudget,
  'endpoint.unreachable': ExitCode.unreachable,
  'safety.refused': ExitCode.refused,
  'safety.deletionProtection': ExitCode.refused,
  'aws.credentials': ExitCode.usage,
  'aws.region': ExitCode.usage,
  'aws.failure': ExitCode.failure,
  'local.portBusy': ExitCode.failure,
  'local.alreadyRunning': ExitCode.ok,
  'local.startFailed': ExitCode.failure,
  'local.notRunning': ExitCode.notFound,
  cancelled: ExitCode.interrupted,
  internal: ExitCode.failure,
};

export class DdbError extends Error {
  readonly code: ErrorCode;
  /** What to run or change next, e.g. "run `ddb schema-load`". */
  readonly suggestion: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: { suggestion?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DdbError';
    this.code = code;
    this.suggestion = options.suggestion;
    this.exitCode = exitCodes[code];
  }

  /** The one line a user sees. */
  get line(): string {
    return this.suggestion ? `${this.message} — ${this.suggestion}` : this.message;
  }
}

export const isDdbError = (error: unknown): error is DdbError => error instanceof DdbError;
