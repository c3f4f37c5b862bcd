/**
 * What the DynamoDB client and the DynamoDB Streams client share: their options (endpoint, region, credentials,
 * sockets, retries) and how numbers and items become plain values (src/values/). Both client modules import it.
 */
import type { Target } from '../target.js';
import { type DdbRetryStrategy, MAX_ATTEMPTS } from './retry.js';

/**
 * How long a request may wait, as the AWS CLI's --cli-connect-timeout / --cli-read-timeout (60 s each; 0 = for ever):
 * to connect, and for the next bytes of the answer once connected (socket inactivity). A read timeout is retried by
 * the retry strategy (./retry.ts: at most TIMEOUT_ATTEMPTS), then the command stops with exit 4.
 */
export interface Timeouts {
  connectMs: number;
  readMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 60_000, readMs: 60_000 };

/** Sockets per client: the most requests the batch writer keeps in flight (its --concurrency limit). */
export const MAX_SOCKETS = 64;

/**
 * Client options both clients share (DynamoDB and DynamoDB Streams): endpoint, region, credentials, sockets, retries.
 * Plain options object: the SDK builds its Node HTTP handler from it. Keep-alive sockets, and as many as the batch
 * writer may have requests in flight (--concurrency ≤ MAX_SOCKETS), so no request queues for a socket.
 */
export const clientOptions = (target: Target, retry: DdbRetryStrategy, timeouts: Timeouts = DEFAULT_TIMEOUTS) => {
  const requestHandler = { connectionTimeout: timeouts.connectMs, socketTimeout: timeouts.readMs, httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS } };
  const common = { requestHandler, retryStrategy: retry, maxAttempts: MAX_ATTEMPTS };
  return target.kind === 'local'
    ? {
        endpoint: target.endpoint,
        region: target.region,
        // DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones.
        credentials: { accessKeyId: 'ddblocal', secretAccessKey: 'ddblocal' },
        ...common,
      }
    : {
        ...(target.region ? { region: target.region } : {}),
        ...(target.profile ? { profile: target.profile } : {}),
        ...common,
      };
};

/** Numbers beyond double precision stay exact (the SDK's NumberValue) instead of rounded (src/values/number.ts). */
export { plainNumber as wrapNumber } from '../values/exact-number.js';
export { plainItem } from '../values/attribute.js';

