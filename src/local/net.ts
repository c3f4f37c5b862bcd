import { request } from 'node:http';
import { createConnection, createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Always the IPv4 literal: `localhost` may resolve to ::1 first, where the engines do not listen. */
export const endpointFor = (port: number): string => `http://${LOOPBACK}:${port}`;

/**
 * True when something answers HTTP at `endpoint`. Sends the cheapest real DynamoDB call, ListTables,
 * with a syntactically valid but fake SigV4 header (both engines only parse it); any HTTP status
 * counts as an answer. Never throws.
 */
export function isAnswering(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      resolve(false);
      return;
    }
    const body = '{}';
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || 80,
        path: '/',
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'Content-Length': Buffer.byteLength(body),
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          'X-Amz-Date': amzDate,
          Authorization:
            `AWS4-HMAC-SHA256 Credential=fake/${amzDate.slice(0, 8)}/us-east-1/dynamodb/aws4_request, ` +
            'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000',
        },
      },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/**
 * Whether `port` on loopback is taken. Two probes, because one is not enough everywhere: binding
 * 127.0.0.1 fails on Linux when another program holds 0.0.0.0 or [::] on that port, but macOS/BSD
 * allow the more specific bind; a connect catches those (and anything already on 127.0.0.1).
 */
export async function portInUse(port: number): Promise<boolean> {
  if (!(await canListen(port))) return true;
  return canConnect(port);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: LOOPBACK });
    const done = (connected: boolean) => {
      socket.destroy();
      resolve(connected);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until the endpoint answers. Resolves 'up', 'exited' (the engine died first: `hasExited` is
 * checked every round) or 'timeout'.
 */
export async function waitUntilAnswering(
  endpoint: string,
  hasExited: () => boolean,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<'up' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) return 'exited';
    if (await isAnswering(endpoint, 500)) return 'up';
    if (hasExited()) return 'exited';
    if (Date.now() >= deadline) return 'timeout';
    await sleep(intervalMs);
  }
}
