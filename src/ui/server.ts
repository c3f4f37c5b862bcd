/**
 * The `ddb ui` server: Node's own http module on 127.0.0.1, a handful of JSON routes (./api.ts) and three static files
 * (the page, its script and its style, built by scripts/build.mjs into dist/ui/). Every request passes
 * ./security.ts first: Host, token (then cookie), Origin of writes. No framework: the routes are a table of regular
 * expressions, and the security checks are the part that matters — written out here, they are read and tested whole.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DdbError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { type Call, ROUTES, type UiContext } from './api.js';
import { SECURITY_HEADERS, checkRequest } from './security.js';

/** Where the page's script and style are (scripts/build.mjs writes them). */
export const ASSET_DIR = join(PACKAGE_ROOT, 'dist', 'ui');
const ASSETS: Record<string, string> = { '/app.js': 'text/javascript; charset=utf-8', '/app.css': 'text/css; charset=utf-8' };
/** Items are at most 400 KB; as DynamoDB JSON with base64 a little more. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ddb ui</title><link rel="stylesheet" href="/app.css"><script type="module" src="/app.js"></script></head>
<body><noscript>ddb ui needs JavaScript.</noscript></body></html>
`;

export interface UiServer {
  /** the address to open, with the token */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Partial<Record<number, number>> = { 2: 400, 3: 404, 4: 502, 5: 409, 8: 409 };

const statusOf = (error: DdbError): number => (error.code === 'safety.refused' ? 403 : STATUS[error.exitCode] ?? 500);

const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
};

const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DdbError('input.invalid', 'the request is larger than 2 MB');
    chunks.push(chunk as Buffer);
  }
  if (!size) return {};
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw new DdbError('input.invalid', 'the request body is not a JSON object');
};

const serveApi = async (ctx: UiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
  const candidates = ROUTES.filter((r) => r.path.test(url.pathname));
  const route = candidates.find((r) => r.method === req.method);
  if (!route) return sendJson(res, candidates.length ? 405 : 404, { error: candidates.length ? `${req.method} is not allowed here` : `no such route ${url.pathname}` });
  try {
    const params = route.path.exec(url.pathname)!.slice(1).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw new DdbError('input.invalid', `${url.pathname} is not a valid address`);
      }
    });
    const call: Call = { params, query: url.searchParams, body: req.method === 'GET' ? {} : await readBody(req) };
    sendJson(res, 200, await route.handler(ctx, call));
  } catch (error) {
    if (error instanceof DdbError) return sendJson(res, statusOf(error), { error: error.message, ...(error.suggestion ? { suggestion: error.suggestion } : {}), code: error.code });
    sendJson(res, 500, { error: `unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
  }
};

const serveAsset = async (res: ServerResponse, path: string): Promise<void> => {
  try {
    send(res, 200, await readFile(join(ASSET_DIR, path.slice(1))), ASSETS[path]!);
  } catch {
    send(res, 500, `ddb ui: ${path} is missing from ${ASSET_DIR}: run \`npm run build\`\n`, 'text/plain; charset=utf-8');
  }
};

export const startUiServer = async (ctx: UiContext, opts: { port?: number } = {}): Promise<UiServer> => {
  const token = randomBytes(32).toString('base64url');
  let port = 0;
  const server: Server = createServer((req, res) => {
    const verdict = checkRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, { token, port });
    if (verdict.kind === 'refuse') {
      req.resume();
      return send(res, verdict.status, `${verdict.reason}\n`, 'text/plain; charset=utf-8');
    }
    if (verdict.kind === 'login') {
      req.resume();
      return send(res, 303, '', 'text/plain; charset=utf-8', { Location: verdict.location, 'Set-Cookie': verdict.cookie });
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) return void serveApi(ctx, req, res, url);
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET here\n', 'text/plain; charset=utf-8');
    if (url.pathname === '/') return send(res, 200, PAGE, 'text/html; charset=utf-8');
    if (ASSETS[url.pathname]) return void serveAsset(res, url.pathname);
    if (url.pathname === '/favicon.ico') return send(res, 204, '', 'text/plain; charset=utf-8');
    send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new DdbError('local.portBusy', `port ${opts.port} is taken on 127.0.0.1`, { suggestion: 'pick another with --port, or leave --port out for a free one' }) : error),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
