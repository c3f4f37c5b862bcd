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
}

export type Target =
  | { kind: 'local'; endpoint: string; region: string; source: 'default' | 'flag' | 'env' }
  | { kind: 'aws'; endpoint?: string; region?: string; profile?: string };

/** Endpoints on this machine: the only ones local mode's dummy credentials make sense for. */
export const isLoopbackEndpoint = (endpoint: string): boolean => {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
};

const parseEndpoint = (value: string, from: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DdbError('usage', `${from} "${value}" is not a URL`, { suggestion: 'use e.g. http://localhost:8000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DdbError('usage', `${from} "${value}" must start with http:// or https://`, {
      suggestion: 'use e.g. http://localhost:8000',
    });
  }
  return value.replace(/\/+$/, '');
};

export const resolveTarget = (opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Target => {
  if (opts.prod) {
    // AWS: the SDK's own chain decides region, credentials and (AWS_ENDPOINT_URL_*) endpoint.
    return {
      kind: 'aws',
      endpoint: opts.endpointUrl ? parseEndpoint(opts.endpointUrl, '--endpoint-url') : undefined,
      region: opts.region,
      profile: opts.profile,
    };
  }
  if (opts.profile) {
    throw new DdbError('usage', '--profile selects AWS credentials, but ddb points at the local engine unless told otherwise', {
      suggestion: 'add --prod to use AWS',
    });
  }
  const region = opts.region ?? DEFAULT_LOCAL_REGION;
  if (opts.endpointUrl) return { kind: 'local', endpoint: parseEndpoint(opts.endpointUrl, '--endpoint-url'), region, source: 'flag' };
  const fromEnv = env.AWS_ENDPOINT_URL_DYNAMODB
    ? { value: env.AWS_ENDPOINT_URL_DYNAMODB, name: 'AWS_ENDPOINT_URL_DYNAMODB' }
    : env.AWS_ENDPOINT_URL
      ? { value: env.AWS_ENDPOINT_URL, name: 'AWS_ENDPOINT_URL' }
      : undefined;
  if (fromEnv) return { kind: 'local', endpoint: parseEndpoint(fromEnv.value, fromEnv.name), region, source: 'env' };
  return { kind: 'local', endpoint: DEFAULT_LOCAL_ENDPOINT, region, source: 'default' };
};

/** The one line every command prints on stderr to say where it points. */
export const describeTarget = (target: Target, resolvedRegion?: string): string => {
  if (target.kind === 'local') return `local DynamoDB at ${target.endpoint}`;
  const region = resolvedRegion ?? target.region ?? '(region from the SDK chain)';
  const parts = [`AWS DynamoDB in ${region}`];
  if (target.profile) parts.push(`profile ${target.profile}`);
  if (target.endpoint) parts.push(`endpoint ${target.endpoint}`);
  return parts.join(', ');
};

/** Words for error lines: "at http://localhost:8000" or "in AWS eu-west-1". */
export const whereText = (target: Target, resolvedRegion?: string): string =>
  target.kind === 'local' ? `at ${target.endpoint}` : `in AWS ${resolvedRegion ?? target.region ?? ''}`.trimEnd();
