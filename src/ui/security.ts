/**
 * What `ddb ui` lets through, decided before any route runs (pure: request headers in, a verdict out). The page is
 * served on 127.0.0.1 to whoever holds the token ddb printed — on a shared machine another user can reach the port,
 * and any web page the browser shows can aim requests at it:
 *
 * - **Host** must be 127.0.0.1:PORT or localhost:PORT: a foreign name that resolves to 127.0.0.1 (DNS rebinding)
 *   would make the page's origin the attacker's, with the attacker's script reading the answers.
 * - **The token**, on every request: from the printed address (`?token=`) once, which sets a cookie (HttpOnly: no
 *   script reads it; SameSite=Strict: no other site's page sends it) and redirects to the same address without it, so
 *   it leaves the address bar and the history; then from that cookie. The cookie's name carries the port: cookies
 *   are per host, not per port, and two `ddb ui` on one machine must not overwrite each other's.
 * - **Origin** of every request that writes must be the page's own (a form on another site can post with the cookie
 *   in browsers without SameSite, and a no-cors fetch can too), and the body must be JSON.
 * - No CORS headers ever; a Content-Security-Policy that allows only the page's own script, style and requests.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers on every answer, refusals included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export const cookieName = (port: number): string => `ddb_ui_${port}`;

export type Verdict =
  | { kind: 'pass' }
  /** the right token in the address: set the cookie and send the browser to `location` */
  | { kind: 'login'; location: string; cookie: string }
  | { kind: 'refuse'; status: 400 | 401 | 403 | 415 | 421; reason: string };

const READS = new Set(['GET', 'HEAD']);

const sameSecret = (given: string | undefined, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

export interface RequestFacts {
  method: string;
  /** the request target: path and query */
  url: string;
  headers: IncomingHttpHeaders;
}

export const checkRequest = ({ method, url, headers }: RequestFacts, { token, port }: { token: string; port: number }): Verdict => {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = headers.host ?? '';
  if (!hosts.includes(host)) return { kind: 'refuse', status: 421, reason: `this server answers only to ${hosts.join(' or ')}, not to Host "${host}"` };
  let parsed: URL;
  try {
    parsed = new URL(url, `http://${host}`);
  } catch {
    return { kind: 'refuse', status: 400, reason: 'not a valid request target' };
  }
  const name = cookieName(port);
  const given = parsed.searchParams.get('token');
  if (given !== null) {
    if (!READS.has(method) || !sameSecret(given, token)) return { kind: 'refuse', status: 401, reason: 'wrong token: open the address `ddb ui` printed' };
    parsed.searchParams.delete('token');
    return { kind: 'login', location: `${parsed.pathname}${parsed.search}`, cookie: `${name}=${token}; HttpOnly; SameSite=Strict; Path=/` };
  }
  if (!sameSecret(cookieValue(headers.cookie, name), token)) return { kind: 'refuse', status: 401, reason: 'no token: open the address `ddb ui` printed (it holds the token)' };
  if (!READS.has(method)) {
    if (headers.origin !== `http://${host}`) return { kind: 'refuse', status: 403, reason: `a write must come from this page (Origin http://${host}), not from ${headers.origin ? `"${headers.origin}"` : 'no Origin'}` };
    if (!/^application\/json\b/.test(headers['content-type'] ?? '')) return { kind: 'refuse', status: 415, reason: 'a write must send JSON (Content-Type: application/json)' };
  }
  return { kind: 'pass' };
};
