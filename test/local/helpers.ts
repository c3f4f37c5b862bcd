import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

// Never let the SDK look for credentials or instance metadata off this machine.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export const isLinux = process.platform === 'linux';

export { freePort } from '../helpers/ports.js';

export function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
}

export async function listTables(endpoint: string): Promise<string[]> {
  const ddb = client(endpoint);
  try {
    return (await ddb.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    ddb.destroy();
  }
}

/** /proc/net/tcp* addresses are hex, 32-bit words in host (little-endian) order. */
function decodeIPv4(hex: string): string {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}
function decodeIPv6(hex: string): string {
  const words = [0, 8, 16, 24].map((i) => hex.slice(i, i + 8).match(/../g)!.reverse().join(''));
  const all = words.join('');
  if (all === '00000000000000000000000000000000') return '::';
  if (all === '00000000000000000000000000000001') return '::1';
  if (all.startsWith('00000000000000000000ffff')) return `::ffff:${decodeIPv4(hex.slice(24))}`;
  return all;
}

/** Local addresses of every LISTEN socket on `port` (Linux). */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const [file, decode] of [
    ['/proc/net/tcp', decodeIPv4],
    ['/proc/net/tcp6', decodeIPv6],
  ] as const) {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = (local ?? '').split(':');
      if (state === '0A' && address && hexPort && Number.parseInt(hexPort, 16) === port) found.push(decode(address.toLowerCase()));
    }
  }
  return found;
}

export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** A browser-like request from another origin, to 127.0.0.1 only. Resolves status + headers. */
export function browserRequest(
  port: number,
  method: 'POST' | 'OPTIONS',
): Promise<{ status: number; headers: Record<string, unknown> }> {
  const headers: Record<string, string> =
    method === 'OPTIONS'
      ? {
          Origin: 'http://evil.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-amz-target,authorization,x-amz-date',
        }
      : {
          Origin: 'http://evil.example',
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          'X-Amz-Date': '20260101T000000Z',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=fake/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

export const corsHeaders = (headers: Record<string, unknown>): string[] =>
  Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));

/** Pids of any process (ours or not) whose command line carries `-port <port>` and LocalLauncher. */
export function launcherPids(port: number): number[] {
  if (!isLinux) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-port');
      if (args.includes('LocalLauncher') && at >= 0 && args[at + 1] === String(port)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
