/**
 * The one place where AWS SDK errors become DdbErrors with a line a user can act on.
 */
import { DdbError } from '../errors.js';
import { type Target, whereText } from '../target.js';
import { isTimeout, TIMEOUT_ATTEMPTS } from './retry.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export interface ErrorContext {
  target: Target;
  region?: string;
  table?: string;
}

export const startHint = (target: Target): string => {
  if (target.kind !== 'local') return 'check your network and --region';
  const port = new URL(target.endpoint).port || '80';
  return port === '8000' ? 'run `ddb local start`' : `run \`ddb local start --port ${port}\``;
};

export const translateAwsError = (error: unknown, ctx: ErrorContext): unknown => {
  // the caller abandoned the request (a deadline, Ctrl-C): it says what that means
  if (error instanceof DdbError || (error as { name?: string } | undefined)?.name === 'AbortError') return error;
  const e = (error ?? {}) as SdkErrorLike;
  const where = whereText(ctx.target, ctx.region);
  const name = e.name ?? '';
  const code = e.code ?? (error as { cause?: { code?: string } })?.cause?.code ?? '';

  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || name === 'TimeoutError') {
    const endpoint = ctx.target.kind === 'local' ? ctx.target.endpoint : where;
    if (isTimeout(error) && /inactivity/.test(e.message ?? '')) {
      // Connected, sent, and nothing came back for the whole read timeout on every attempt.
      return new DdbError('endpoint.unreachable', `${endpoint} accepted the request but did not answer within the read timeout (${TIMEOUT_ATTEMPTS} attempts)`, {
        suggestion: 'check the engine and the network; --cli-read-timeout SECONDS waits longer (0: for ever)',
        cause: error,
      });
    }
    if (code === 'ECONNRESET' || name === 'ECONNRESET') {
      // It answered, then dropped the connection (the SDK had already retried): not an engine that is down.
      return new DdbError('endpoint.unreachable', `the connection to ${endpoint} kept dropping (ECONNRESET)`, { suggestion: 'check the engine and the network, then run the command again', cause: error });
    }
    return new DdbError('endpoint.unreachable', `nothing answers at ${endpoint}`, { suggestion: startHint(ctx.target), cause: error });
  }
  if (code === 'EPROTO' || /wrong version number|SSL routines|ERR_SSL_/.test(e.message ?? '')) {
    // https:// to a port that speaks plain HTTP (DynamoDB Local does): OpenSSL's own words help nobody.
    const endpoint = ctx.target.endpoint ?? where;
    const plain = endpoint.replace(/^https:/, 'http:');
    return new DdbError('endpoint.unreachable', `the TLS handshake with ${endpoint} failed: the server there does not speak https`, {
      suggestion: plain !== endpoint ? `DynamoDB Local speaks plain HTTP: use ${plain}` : 'check the endpoint',
      cause: error,
    });
  }
  const response = (error as { $response?: { statusCode?: number; headers?: Record<string, string> } } | undefined)?.$response;
  if (name === 'SyntaxError' || (response && /Deserialization error/.test(e.message ?? ''))) {
    // Something answered, but not in DynamoDB's JSON: a web server, a proxy's error page, the wrong port.
    const endpoint = ctx.target.endpoint ?? where;
    const type = response?.headers?.['content-type'];
    return new DdbError('endpoint.unreachable', `the server at ${endpoint} answered${response?.statusCode ? ` (HTTP ${response.statusCode}${type ? `, ${type}` : ''})` : ''}, but not as DynamoDB`, {
      suggestion: 'check --endpoint-url (or AWS_ENDPOINT_URL_DYNAMODB): it should point at DynamoDB or DynamoDB Local',
      cause: error,
    });
  }
  if (name === 'ResourceNotFoundException') {
    const what = ctx.table ? `table ${ctx.table} not found ${where}` : `not found ${where}: ${e.message}`;
    return new DdbError('table.notFound', what, { suggestion: 'run `ddb schema-load` (or `ddb list-tables` to see what is there)', cause: error });
  }
  if (name === 'CredentialsProviderError' || name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || name === 'ExpiredTokenException') {
    return new DdbError('aws.credentials', `AWS rejected or found no credentials: ${firstLine(e.message)}`, {
      suggestion: 'set AWS_PROFILE or pass --profile, or run `aws sso login`',
      cause: error,
    });
  }
  if (name === 'AccessDeniedException') {
    return new DdbError('aws.failure', `access denied ${where}: ${firstLine(e.message)}`, { suggestion: 'check the IAM policy of these credentials', cause: error });
  }
  if (name === 'ConditionalCheckFailedException') {
    // The command that set the condition says what it meant (item.exists, item.notFound); this is the fallback.
    return new DdbError('condition.failed', `the condition failed${ctx.table ? ` on ${ctx.table}` : ''}: nothing was written`, { cause: error });
  }
  if (name === 'DuplicateItemException' || name === 'DuplicateItem') {
    return new DdbError('item.exists', `an item with this key already exists${ctx.table ? ` in ${ctx.table}` : ''}: nothing was written`, { suggestion: 'use UPDATE to change it', cause: error });
  }
  if (name === 'ValidationException') {
    return new DdbError('input.invalid', `DynamoDB rejected the request: ${firstLine(e.message)}`, { cause: error });
  }
  return new DdbError('aws.failure', `${name || 'error'} ${where}: ${firstLine(e.message)}`, { cause: error });
};

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0] ?? '';
