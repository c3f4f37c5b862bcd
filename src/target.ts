/**
 * Where a command points, resolved once from flags and environment (flag > environment > default).
 * Pure: no SDK, no I/O — so `--help`, `--dry-run` and the tests of this module stay fast.
 */
import { DdbError } from './errors.js';

export const DEFAULT_LOCAL_ENDPOINT = 'http://localhost:8000';
export const DEFAULT_LOCAL_REGION = 'us-east-1';

export type OutputFormat = 'table' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson'];

export interface GlobalOptions {
  endpointUrl?: string;
  prod?: boolean;
  region?: string;
  profile?: string;
  output?: OutputFormat;
  debug?: boolean;
  /** tables show every column in full, whatever the terminal's width */
  wide?: boolean;
  /** seconds (0: for ever), as the AWS CLI's options */
  cliReadTimeout?: number;
  cliConnectTimeout?: number;
}

export type Target =
  | { kind: 'local'; endpoint: string; region: string; source: 'default' | 'flag' | 'env' }
  | { kind: 'aws'; endpoint?: string; region?: string; profile?: string };

/** Endpoints on this machine: the only ones local mode's dummy credentials make sense for. */
export const isLoopbackEndpoint = (endpoint: string): boolean => {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
};

/**
 * The endpoint without `user:password@`: DynamoDB signs requests with AWS credentials, never with a URL's, so they are
 * not used — and never echoed (banner, errors, the hints of what to run next).
 */
export const withoutUserInfo = (value: string): string => value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');

const parseEndpoint = (given: string, from: string): string => {
  const value = withoutUserInfo(given.trim());
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DdbError('usage', value ? `${from} "${value}" is not a URL` : `${from} is empty`, { suggestion: 'use e.g. http://localhost:8000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DdbError('usage', `${from} "${value}" must start with http:// or https://`, {
      suggestion: 'use e.g. http://localhost:8000',
    });
  }
  return value.replace(/\/+$/, '');
};

/**
 * Local unless AWS is asked for explicitly: --prod, --profile, --region (without a loopback endpoint), or an endpoint
 * (flag or AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL) that is not on this machine. AWS uses the SDK's own chain for
 * region and credentials; only a loopback endpoint gets ddb's dummy credentials.
 */
export const resolveTarget = (opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Target => {
  // An empty value given on the line is a mistake, not "the default": `--endpoint-url "$UNSET"` must not reach another engine.
  const fromFlag = opts.endpointUrl !== undefined ? { endpoint: parseEndpoint(opts.endpointUrl, '--endpoint-url'), source: 'flag' as const } : undefined;
  if (opts.region !== undefined && !opts.region.trim()) throw new DdbError('usage', '--region is empty', { suggestion: 'pass a region such as --region eu-west-1, or leave the option out' });
  const envName = env.AWS_ENDPOINT_URL_DYNAMODB ? 'AWS_ENDPOINT_URL_DYNAMODB' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  const fromEnv = envName ? { endpoint: parseEndpoint(env[envName]!, envName), source: 'env' as const } : undefined;
  const given = fromFlag ?? fromEnv;
  const local = given ? isLoopbackEndpoint(given.endpoint) : !opts.prod && !opts.profile && !opts.region;
  if (opts.prod && !fromFlag && fromEnv && isLoopbackEndpoint(fromEnv.endpoint)) {
    // The SDK would follow the variable to this machine while ddb says AWS: refuse rather than say the wrong thing.
    throw new DdbError('usage', `--prod asks for AWS, but ${envName} points at ${fromEnv.endpoint}, on this machine`, {
      suggestion: `unset ${envName} to reach AWS, or leave out --prod to use the local engine there`,
    });
  }
  if (opts.prod || !local) {
    // AWS: the SDK's own chain decides region and credentials (and, without a flag, AWS_ENDPOINT_URL_* the endpoint).
    // AWS_DEFAULT_REGION counts as the AWS CLI counts it: after --region and AWS_REGION, before the profile's region.
    const region = opts.region ?? (env.AWS_REGION ? undefined : env.AWS_DEFAULT_REGION || undefined);
    return { kind: 'aws', endpoint: fromFlag?.endpoint ?? (given && !isLoopbackEndpoint(given.endpoint) ? given.endpoint : undefined), region, profile: opts.profile };
  }
  if (opts.profile) {
    throw new DdbError('usage', `--profile selects AWS credentials, but ${given!.endpoint} is a local engine`, { suggestion: 'leave out --profile, or add --prod to use AWS there' });
  }
  const region = opts.region ?? DEFAULT_LOCAL_REGION;
  return given ? { kind: 'local', endpoint: given.endpoint, region, source: given.source } : { kind: 'local', endpoint: DEFAULT_LOCAL_ENDPOINT, region, source: 'default' };
};

/** The one line every command prints on stderr to say where it points. */
export const describeTarget = (target: Target, resolvedRegion?: string): string => {
  if (target.kind === 'local') return `local DynamoDB at ${target.endpoint}`;
  const region = resolvedRegion ?? target.region ?? '(region from the SDK chain)';
  if (target.endpoint && !/\.amazonaws\.com(\.cn)?$/.test(new URL(target.endpoint).hostname)) {
    return `DynamoDB at ${new URL(target.endpoint).host} (region ${region}, credentials from the SDK chain${target.profile ? `, profile ${target.profile}` : ''})`;
  }
  const parts = [`AWS DynamoDB in ${region}`];
  if (target.profile) parts.push(`profile ${target.profile}`);
  if (target.endpoint) parts.push(`endpoint ${target.endpoint}`);
  return parts.join(', ');
};

/** Words for error lines: "at http://localhost:8000" or "in AWS eu-west-1". */
export const whereText = (target: Target, resolvedRegion?: string): string =>
  target.kind === 'local' ? `at ${target.endpoint}` : `in AWS ${resolvedRegion ?? target.region ?? ''}`.trimEnd();
