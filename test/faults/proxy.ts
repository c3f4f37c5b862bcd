/**
 * A fault-injecting HTTP proxy for the tests, on 127.0.0.1 in front of the real DynamoDB Local. For each request it
 * draws from a seeded PRNG (deterministic faults for a given seed and request order) and, with the configured shares:
 *
 * - `throughput`: 400 ProvisionedThroughputExceededException, `throttling`: 400 ThrottlingException,
 *   `serverError`: 500 InternalServerError — with DynamoDB's JSON error body and x-amzn-ErrorType header;
 * - `drop`: destroys the connection — half the time before forwarding, half after the engine has done the work
 *   (the reply is lost, so the client must resend a write that already happened); `dropAfter: true` makes every drop
 *   one after the work;
 * - `partial` (BatchWriteItem only): forwards part of the batch and returns the rest as UnprocessedItems, with the
 *   x-amz-crc32 checksum recomputed for the rewritten body.
 *
 * Faults apply to the operations in `only` (X-Amz-Target suffix, e.g. 'BatchWriteItem'), or to all; `burst` makes the
 * first requests all fail.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const FAULTS = ['throughput', 'throttling', 'serverError', 'drop', 'partial'] as const;
export type Fault = (typeof FAULTS)[number];
export type FaultShares = Partial<Record<Fault, number>>;

export interface FaultProxy {
  url: string;
  /** how many times each fault was injected, and how many requests went through untouched */
  counts: Record<Fault | 'forwarded', number>;
  close(): Promise<void>;
}

const ERRORS = {
  throughput: {
    status: 400,
    type: 'ProvisionedThroughputExceededException',
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    },
  },
  throttling: { status: 400, type: 'ThrottlingException', body: { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' } },
  serverError: { status: 500, type: 'InternalServerError', body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' } },
} as const;

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': String(text.length),
    'x-amzn-requestid': `fault-${Math.random().toString(36).slice(2)}`,
    'x-amz-crc32': String(crc32(text)),
    ...headers,
  });
  res.end(text);
};

export interface ProxyOptions {
  shares: FaultShares;
  seed?: number;
  only?: readonly string[];
  /** a burst: the first `count` requests (of those in `only`) all get `fault`, whatever the shares */
  burst?: { fault: Fault; count: number };
  /** replies the engine cannot give: the JSON body of a successful reply to OPERATION, rewritten */
  rewrite?: Record<string, (body: any) => unknown>;
  /** every `drop` happens after the engine has done the work */
  dropAfter?: boolean;
  /** every `serverError` (500) happens after the engine has done the work: DynamoDB's "the outcome is unknown" */
  serverErrorAfter?: boolean;
  /** the first `count` requests (of those in `only`) go through untouched; the faults start after them */
  spare?: number;
  /** hears every request: its operation (X-Amz-Target suffix) and its JSON body (the policy test records them) */
  observe?: (operation: string, body: any) => void;
  /** holds a request back until the promise it returns settles (a test's barrier: concurrent writers made to race) */
  hold?: (operation: string, body: any) => Promise<void> | undefined;
}

/** A DescribeTable reply as AWS gives it while a new index backfills (DynamoDB Local makes an index ACTIVE at once). */
export const indexesBackfilling = (body: { Table: { GlobalSecondaryIndexes?: { IndexStatus: string; Backfilling?: boolean }[] } }) => {
  for (const i of body.Table.GlobalSecondaryIndexes ?? []) Object.assign(i, { IndexStatus: 'CREATING', Backfilling: true });
  return body;
};

export const startFaultProxy = async (upstream: string, opts: ProxyOptions): Promise<FaultProxy> => {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const rng = xoroshiro128plus(opts.seed ?? 42);
  const random = () => uniformFloat64(rng);
  const counts: FaultProxy['counts'] = { throughput: 0, throttling: 0, serverError: 0, drop: 0, partial: 0, forwarded: 0 };

  let spare = opts.spare ?? 0;
  const choose = (operation: string): Fault | undefined => {
    if (opts.only && !opts.only.includes(operation)) return undefined;
    if (spare > 0) {
      spare--;
      return undefined;
    }
    if (opts.burst && opts.burst.count > 0) {
      opts.burst.count--;
      return opts.burst.fault;
    }
    let r = random();
    for (const fault of FAULTS) {
      if (fault === 'partial' && operation !== 'BatchWriteItem') continue;
      r -= opts.shares[fault] ?? 0;
      if (r < 0) return fault;
    }
    return undefined;
  };

  /** Sends the request on to the engine; resolves with its status, headers and body. */
  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, async (r) => {
        try {
          resolve({ status: r.statusCode ?? 502, headers: r.headers, body: await readBody(r) });
        } catch (error) {
          reject(error);
        }
      });
      up.on('error', reject);
      up.end(body);
    });

  const relay = (res: http.ServerResponse, reply: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }): void => {
    const headers = { ...reply.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(reply.status, { ...headers, 'content-length': String(reply.body.length) });
    res.end(reply.body);
  };

  /** Forwards the first part of the batch; the rest comes back as UnprocessedItems. */
  const partial = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> => {
    const input = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, unknown[]> };
    const [table, requests = []] = Object.entries(input.RequestItems)[0] ?? [];
    const keep = Math.floor(random() * requests.length); // 0 … n-1: at least one item comes back
    const held = requests.slice(keep);
    if (keep === 0) return sendJson(res, 200, { UnprocessedItems: { [table as string]: held } });
    const reply = await forward(req, Buffer.from(JSON.stringify({ ...input, RequestItems: { [table as string]: requests.slice(0, keep) } })));
    if (reply.status !== 200) return relay(res, reply);
    const out = JSON.parse(reply.body.toString('utf8')) as { UnprocessedItems?: Record<string, unknown[]> };
    const unprocessed = [...(out.UnprocessedItems?.[table as string] ?? []), ...held];
    sendJson(res, 200, { ...out, UnprocessedItems: { [table as string]: unprocessed } }, { 'x-amzn-requestid': String(reply.headers['x-amzn-requestid'] ?? 'partial') });
  };

  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const input = JSON.parse(body.toString('utf8') || '{}');
      opts.observe?.(operation, input);
      await opts.hold?.(operation, input);
      const fault = choose(operation);
      counts[fault ?? 'forwarded']++;
      if (fault === 'throughput' || fault === 'throttling' || fault === 'serverError') {
        if (fault === 'serverError' && opts.serverErrorAfter) await forward(req, body);
        const e = ERRORS[fault];
        return sendJson(res, e.status, e.body, { 'x-amzn-errortype': e.type });
      }
      if (fault === 'drop') {
        if (opts.dropAfter || random() < 0.5) await forward(req, body); // the engine did the work; the reply is lost
        req.socket.destroy();
        return;
      }
      if (fault === 'partial') return await partial(req, res, body);
      const reply = await forward(req, body);
      const rewrite = opts.rewrite?.[operation];
      if (rewrite && reply.status === 200) return sendJson(res, 200, rewrite(JSON.parse(reply.body.toString('utf8'))));
      relay(res, reply);
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
