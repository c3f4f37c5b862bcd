/**
 * `ddb ui`: its security at the HTTP level (token, cookie, Host, Origin, headers), and its pages in a real headless
 * Chromium against DynamoDB Local — tables, paging 1,000 items both ways, a declared pattern, an edit seen by `ddb get`,
 * a stale edit refused, a message sent and seen by `ddb patterns get-conversation`, a hostile item shown as text.
 */
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Page } from 'playwright-core';
import { Dynamo } from '../src/aws/dynamo.js';
import { resolveTarget } from '../src/target.js';
import { shellWord } from '../src/text.js';
import type { UiContext } from '../src/ui/api.js';
import { CSP } from '../src/ui/security.js';
import { type UiServer, startUiServer } from '../src/ui/server.js';
import { fromWire, saveRequest, toWire } from '../src/ui/item-writes.js';
import { client, createTable, uniqueName } from './faults/tables.js';
import { launchBrowser, noBrowser } from './helpers/browser.js';
import { BIN, ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';
import { spawn } from 'node:child_process';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const MESSAGES = uniqueName('ui-messages');
const PAGES = uniqueName('ui-pages');
const dir = mkdtempSync(join(tmpdir(), 'ddb-ui-'));
const schema = shippedSchemaAs(MESSAGES, dir);
const S = ['--schema', schema];
/** the seed's conversation between andrewbrown and bayko */
const AB = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const raw = client(endpoint);
const sk = (i: number) => String(i).padStart(4, '0');

let db: Dynamo;
let ui: UiServer;
let readOnlyUi: UiServer;

const context = (readOnly: boolean): UiContext => ({
  db,
  readOnly,
  where: `local DynamoDB at ${endpoint}`,
  schemaFile: schema,
  schemaShown: schema,
  usersDir: join(process.cwd(), 'seed'),
  commandLine: (...words) => ['ddb', ...words].map(shellWord).join(' '),
});

beforeAll(async () => {
  expect((await ddb([...E, 'schema-load', '--yes', ...S])).code).toBe(0);
  expect((await ddb([...E, 'seed', '--table', MESSAGES])).code).toBe(0);
  await createTable(raw, PAGES);
  const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ pk: 'P', sk: sk(i + 1), n: i + 1 }));
  writeFileSync(join(dir, 'pages.ndjson'), `${lines.join('\n')}\n`);
  expect((await ddb([...E, 'import', PAGES, join(dir, 'pages.ndjson')])).code).toBe(0);
  // every type, and a number with more digits than a double holds
  await raw.send(new PutItemCommand({ TableName: PAGES, Item: { pk: { S: 'TYPES' }, sk: { S: 'all' }, big: { N: '12345678901234567890.123' }, tags: { SS: ['a', 'b'] }, blob: { B: new Uint8Array([1, 2, 3]) }, on: { BOOL: true }, nothing: { NULL: true }, nested: { M: { list: { L: [{ N: '1' }, { S: 'x' }] } } } } }));
  db = await Dynamo.connect(resolveTarget({ endpointUrl: endpoint }, process.env));
  ui = await startUiServer(context(false));
  readOnlyUi = await startUiServer(context(true));
});

afterAll(async () => {
  await ui?.close();
  await readOnlyUi?.close();
  db?.destroy();
});

// ---- HTTP

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const http = (server: UiServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });

const cookie = (server: UiServer) => `ddb_ui_${server.port}=${server.token}`;
const write = (server: UiServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  http(server, path, { method: 'POST', headers: { Cookie: cookie(server), Origin: `http://127.0.0.1:${server.port}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('ddb ui over HTTP', () => {
  it('listens on 127.0.0.1 only, on a free port, and prints an address with a random token', async () => {
    expect(ui.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ui.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    expect(readOnlyUi.token).not.toBe(ui.token);
  });

  it('refuses every request without the token, the page and the API alike', async () => {
    for (const path of ['/', '/app.js', '/api/tables', `/api/tables/${PAGES}/items`]) {
      const r = await http(ui, path);
      expect(r.status, path).toBe(401);
      expect(r.body).not.toContain(PAGES);
    }
    expect((await http(ui, '/?token=wrong')).status).toBe(401);
    expect((await http(ui, '/api/tables', { headers: { Cookie: `ddb_ui_${ui.port}=${readOnlyUi.token}` } })).status).toBe(401);
  });

  it('trades the token in the address for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const r = await http(ui, `/?token=${ui.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const [set] = r.headers['set-cookie'] as string[];
    expect(set).toMatch(new RegExp(`^ddb_ui_${ui.port}=${ui.token};`));
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    const page = await http(ui, '/', { headers: { Cookie: cookie(ui) } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js">');
  });

  it('answers only to its own Host (no DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${ui.port}`, `127.0.0.1:${ui.port + 1}`, '127.0.0.1']) {
      const r = await http(ui, `/?token=${ui.token}`, { headers: { Host: host } });
      expect(r.status, host).toBe(421);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect((await http(ui, '/api/tables', { headers: { Host: `localhost:${ui.port}`, Cookie: cookie(ui) } })).status).toBe(200);
  });

  it('takes a write only from its own Origin, and only as JSON', async () => {
    const path = `/api/conversations/${AB}/messages`;
    const body = { from: 'andrewbrown', text: 'from elsewhere' };
    expect((await write(ui, path, body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await write(ui, path, body, { Origin: `http://localhost:${ui.port}` })).status).toBe(403);
    const noOrigin = await http(ui, path, { method: 'POST', headers: { Cookie: cookie(ui), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(noOrigin.status).toBe(403);
    expect((await write(ui, path, body, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const conversation = await ddb([...E, 'patterns', 'get-conversation', AB, '--table', MESSAGES, ...S, '--output', 'json']);
    expect(conversation.stdout).not.toContain('from elsewhere');
  });

  it('sends a strict CSP and the other guard headers on every answer, and never a CORS header', async () => {
    const answers = [
      await http(ui, '/'),
      await http(ui, '/', { headers: { Cookie: cookie(ui) } }),
      await http(ui, '/app.js', { headers: { Cookie: cookie(ui) } }),
      await http(ui, '/api/tables', { headers: { Cookie: cookie(ui), Origin: 'http://evil.example' } }),
      await http(ui, '/api/tables', { method: 'OPTIONS', headers: { Cookie: cookie(ui), Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } }),
    ];
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toBe(CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(answers[2]!.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses writes when read-only (AWS without --allow-prod), and still reads', async () => {
    expect((await http(readOnlyUi, '/api/tables', { headers: { Cookie: cookie(readOnlyUi) } })).status).toBe(200);
    const r = await write(readOnlyUi, `/api/conversations/${AB}/messages`, { from: 'andrewbrown', text: 'read-only' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatch(/read-only/);
  });

  it('saveRequest: the key cannot change in an edit, and the write holds only if every loaded attribute is unchanged', async () => {
    const description = (await db.describeTable(PAGES))!;
    const loaded = { pk: { S: 'P' }, sk: { S: '0001' }, n: { N: '1' } };
    const put = saveRequest(description, loaded, JSON.stringify({ pk: { S: 'P' }, sk: { S: '0001' }, n: { N: '2.50' } }));
    expect(put.Item).toEqual({ pk: { S: 'P' }, sk: { S: '0001' }, n: { N: '2.50' } });
    expect(put.ConditionExpression).toBe('#a0 = :a0 AND #a1 = :a1 AND #a2 = :a2');
    expect(put.ExpressionAttributeValues).toEqual({ ':a0': { S: 'P' }, ':a1': { S: '0001' }, ':a2': { N: '1' } });
    expect(() => saveRequest(description, loaded, JSON.stringify({ pk: { S: 'P' }, sk: { S: '0002' } }))).toThrow(/key attributes cannot change/);
  });

  it('the save condition holds for an unchanged item of every type, and fails (nothing written) once any attribute changed', async () => {
    const description = (await db.describeTable(PAGES))!;
    const key = { pk: { S: 'TYPES' }, sk: { S: 'condition' } };
    const types = (await db.getItem({ TableName: PAGES, Key: { pk: { S: 'TYPES' }, sk: { S: 'all' } } })).Item!;
    await raw.send(new PutItemCommand({ TableName: PAGES, Item: { ...types, ...key } }));
    const loaded = toWire((await db.getItem({ TableName: PAGES, Key: key, ConsistentRead: true })).Item!);
    const edited = (extra: string) => JSON.stringify({ ...loaded, note: { S: extra } });
    await db.putItem(saveRequest(description, fromWire(loaded, 'loaded'), edited('first')));
    const now = toWire((await db.getItem({ TableName: PAGES, Key: key, ConsistentRead: true })).Item!);
    expect(now).toEqual({ ...loaded, note: { S: 'first' } });
    // the moment between the save's read and its write: a condition built on what the page loaded
    const stale = saveRequest(description, fromWire(now, 'loaded'), edited('second'));
    expect((await ddb([...E, 'update', PAGES, 'TYPES', 'condition', '--set', 'nested={"list": [2]}'])).code).toBe(0);
    await expect(db.putItem(stale)).rejects.toMatchObject({ code: 'condition.failed' });
    expect((await ddb([...E, 'get', PAGES, 'TYPES', 'condition', '--output', 'json'])).json().note).toBe('first');
  });
});

// ---- the built command

/** The built `ddb … ui` as a child process, once it has printed its address. */
const startBin = async (globals: string[], options: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const child = spawn(process.execPath, [BIN, ...globals, 'ui', ...options], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const m = /ddb ui: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stderr);
      if (m && stderr.includes('Ctrl-C stops')) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`ddb ui exited: ${stderr}`)));
  });
  const origin = new URL(url).origin;
  const cookieHeader = { Cookie: `ddb_ui_${new URL(url).port}=${new URL(url).searchParams.get('token')}` };
  return {
    url,
    stderr: () => stderr,
    get: (path: string) => fetch(`${origin}${path}`, { headers: cookieHeader }),
    post: (path: string, body: unknown) => fetch(`${origin}${path}`, { method: 'POST', headers: { ...cookieHeader, Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGINT');
      }),
  };
};

describe('ddb ui (the built binary)', () => {
  it('prints its address and stops on Ctrl-C with exit 0', async () => {
    const bin = await startBin(E);
    expect((await fetch(bin.url, { redirect: 'manual' })).status).toBe(303);
    expect(await (await bin.get('/api/info')).json()).toMatchObject({ readOnly: false, where: `local DynamoDB at ${endpoint}` });
    expect(await bin.stop()).toBe(0);
    expect(bin.stderr()).toMatch(/stopped/);
  });

  it('against AWS (--prod) is read-only unless --allow-prod', async () => {
    const PROD = ['--prod', '--endpoint-url', endpoint, '--region', 'eu-west-1'];
    const readOnly = await startBin(PROD);
    expect(readOnly.stderr()).toContain('read-only (AWS without --allow-prod)');
    const refused = await readOnly.post(`/api/conversations/${AB}/messages`, { from: 'andrewbrown', text: 'into prod' });
    expect(refused.status).toBe(403);
    expect((await readOnly.get('/api/tables')).status).toBe(200);
    await readOnly.stop();
    const allowed = await startBin(PROD, ['--allow-prod']);
    expect(await (await allowed.get('/api/info')).json()).toMatchObject({ readOnly: false });
    await allowed.stop();
  });

  it('--open hands the browser a file of this user only, not the token on a command line', async () => {
    const bin = join(dir, 'bin');
    const seen = join(dir, 'opened.txt');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > ${seen}\nstat -c %a "$1" >> ${seen}\ncat "$1" >> ${seen}\n`, { mode: 0o755 });
    const ui = await startBin(E, ['--open'], { PATH: `${bin}:${process.env.PATH}` });
    for (let i = 0; i < 100 && !(existsSync(seen) && readFileSync(seen, 'utf8').includes('refresh')); i++) await new Promise((r) => setTimeout(r, 50));
    const [args, mode, ...html] = readFileSync(seen, 'utf8').split('\n');
    expect(args).not.toContain('token');
    expect(mode).toBe('600');
    expect(html.join('\n')).toContain(`url=${ui.url}`);
    await ui.stop();
    expect(existsSync(args!.trim()), 'the file holding the token is removed when ddb ui stops').toBe(false);
  });
});

// ---- in the browser

/** Loads the page afresh at `hash` (a hash change alone would leave the last page showing until the new one renders). */
const ready = async (page: Page, hash: string): Promise<void> => {
  await page.goto('about:blank');
  await page.goto(`http://127.0.0.1:${ui.port}/${hash}`);
  await page.waitForSelector('body[data-ready]');
};

describe(`ddb ui in headless Chromium${noBrowser ? ` (${noBrowser})` : ''}`, { timeout: 60_000 }, () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (noBrowser) return;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ui.url);
    await page.waitForSelector('body[data-ready]');
    expect(new URL(page.url()).search).toBe(''); // the token left the address
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(errors).toEqual([]);
  });

  it.skipIf(noBrowser)('opens the tables, and a table with the types of its values', async () => {
    await ready(page, '#/');
    await page.click(`#tables a:text-is("${PAGES}")`);
    await page.waitForSelector('#summary');
    expect(await page.textContent('#summary')).toMatch(/^Scan · page 1 · 50 item\(s\)/);
    await page.fill('input[name=pk]', 'TYPES');
    await page.click('#query button[type=submit]');
    await page.waitForSelector('#summary:has-text("Query")');
    const cells = await page.$$eval('table.items tbody td', (tds) => tds.map((td) => td.textContent));
    expect(cells).toEqual(expect.arrayContaining(['N 12345678901234567890.123', 'SS a, b', 'B AQID', 'BOOL true', 'NULL null', 'M {"list":{"L":[{"N":"1"},{"S":"x"}]}}']));
  });

  it.skipIf(noBrowser)('pages through 1,000 items forwards and back, one request a page', async () => {
    await ready(page, `#/table/${PAGES}?pk=P&limit=100`);
    const sks = async () => page.$$eval('table.items tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td')[2]!.textContent!.replace(/^S /, '')));
    const seen: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().includes(`/api/tables/${PAGES}/items`) && requests.push(r.url())));
    for (let p = 1; p <= 10; p++) {
      await page.waitForSelector(`#summary:has-text("page ${p} ·")`);
      seen.push(...(await sks()));
      if (p === 2) {
        // the page as a command: `ddb query` from the same token reads the same items
        const command = (await page.textContent('#command'))!;
        const token = /--starting-token (\S+)$/.exec(command)![1]!;
        expect(command).toBe(`ddb query ${PAGES} P --limit 100 --starting-token ${token}`);
        const cli = await ddb([...E, 'query', PAGES, 'P', '--limit', '100', '--starting-token', token, '--output', 'json']);
        expect(cli.json().Items.map((i: { sk: string }) => i.sk)).toEqual(seen.slice(100, 200));
      }
      if (p < 10) await page.click('#next');
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => sk(i + 1)));
    expect(requests).toHaveLength(9); // pages 2-10: one request each, each with the token of the page before
    expect(requests.every((url) => new URL(url).searchParams.has('start'))).toBe(true);
    // DynamoDB may not know that the 10th page is the last: at most one more, empty
    if (await page.isEnabled('#next')) {
      await page.click('#next');
      await page.waitForSelector('#summary:has-text("page 11 · 0 item(s)")');
      expect(await page.isEnabled('#next')).toBe(false);
      await page.click('#prev');
    }
    for (let p = 9; p >= 1; p--) {
      await page.click('#prev');
      await page.waitForSelector(`#summary:has-text("page ${p} ·")`);
    }
    expect((await sks()).slice(0, 2)).toEqual(['0001', '0002']);
    expect(await page.isEnabled('#prev')).toBe(false);
    // newest first, with a sort condition
    await ready(page, `#/table/${PAGES}?pk=P&op=between&value=0100&value2=0199&desc=1&limit=25`);
    await page.waitForSelector('#summary:has-text("25 item(s)")');
    expect((await sks()).slice(0, 2)).toEqual(['0199', '0198']);
    expect(await page.textContent('#command')).toBe(`ddb query ${PAGES} P --sk 'between 0100 and 0199' --desc --limit 25`);
  });

  it.skipIf(noBrowser)('runs a declared pattern: the request it sends, and its items', async () => {
    await ready(page, '#/patterns');
    await page.fill('#pattern-list-conversations input[name=user]', 'andrewbrown');
    await page.click('#pattern-list-conversations button[type=submit]');
    await page.waitForSelector('#pattern-list-conversations .summary');
    expect(await page.textContent('#pattern-list-conversations pre.request')).toContain('"GRP#97c1ecbf-f5b6-4359-b87a-8eaefaa0a683"');
    const handles = await page.$$eval('#pattern-list-conversations table.items tbody td', (tds) => tds.map((td) => td.textContent));
    expect(handles).toEqual(expect.arrayContaining(['S bayko', 'S londo']));
    expect(await page.textContent('#pattern-list-conversations .summary')).toMatch(/estimated [\d.]+ RCU .* 2 item\(s\) · [\d.]+ RCU consumed/);
  });

  const openItem = async (pk: string, skValue: string): Promise<void> => {
    await ready(page, `#/item/${MESSAGES}?key=${encodeURIComponent(JSON.stringify({ pk: { S: pk }, sk: { S: skValue } }))}`);
    await page.waitForSelector('#editor');
  };
  const editMessage = async (text: string): Promise<void> => {
    const item = JSON.parse(await page.inputValue('#editor'));
    item.message = { S: text };
    await page.fill('#editor', JSON.stringify(item));
    await page.click('#save');
  };

  it.skipIf(noBrowser)('edits an item, and `ddb get` sees the change', async () => {
    const first = (await ddb([...E, 'query', MESSAGES, `MSG#${AB}`, '--limit', '1', '--output', 'json'])).json().Items[0];
    await openItem(first.pk, first.sk);
    expect(await page.textContent('pre[data-command=get]')).toBe(`ddb get ${MESSAGES} MSG#${AB} ${first.sk} --dynamodb-json`);
    await editMessage('edited in the browser');
    await page.waitForSelector('#message .ok');
    const got = await ddb([...E, 'get', MESSAGES, first.pk, first.sk, '--output', 'json']);
    expect(got.json().message).toBe('edited in the browser');
  });

  it.skipIf(noBrowser)('refuses a stale edit — a changed attribute or an added one — and says so', async () => {
    const [, second] = (await ddb([...E, 'query', MESSAGES, `MSG#${AB}`, '--limit', '2', '--output', 'json'])).json().Items;
    for (const change of ['message=changed meanwhile', 'added=1']) {
      await openItem(second.pk, second.sk);
      expect((await ddb([...E, 'update', MESSAGES, second.pk, second.sk, '--set', change])).code).toBe(0);
      await editMessage('my stale edit');
      await page.waitForSelector('#message .error');
      expect(await page.textContent('#message .error')).toMatch(/changed .* since the page loaded it: nothing was written/);
      expect((await ddb([...E, 'get', MESSAGES, second.pk, second.sk, '--output', 'json'])).json().message).not.toBe('my stale edit');
    }
  });

  it.skipIf(noBrowser)('deletes an item only after a confirmation', async () => {
    await ddb([...E, 'put', MESSAGES, JSON.stringify({ pk: 'DEL', sk: 'ME', message: 'bye' })]);
    await openItem('DEL', 'ME');
    await page.click('#delete');
    expect((await ddb([...E, 'get', MESSAGES, 'DEL', 'ME'])).code).toBe(0);
    await page.click('#confirm-delete');
    await page.waitForSelector('#item .ok');
    expect((await ddb([...E, 'get', MESSAGES, 'DEL', 'ME'])).code).toBe(3);
  });

  it.skipIf(noBrowser)('sends a message in the conversation view, and `ddb patterns get-conversation` has it', async () => {
    await ready(page, `#/conversations?user=andrewbrown&group=${AB}`);
    await page.waitForSelector('#messages li');
    const before = await page.$$eval('#messages li', (li) => li.length);
    expect(before).toBe(20);
    await page.click('#earlier');
    await expect.poll(() => page.locator('#messages li').count()).toBeGreaterThan(before);
    await page.fill('#compose', 'sent from the conversation view');
    await page.click('#send button[type=submit]');
    await page.waitForSelector('#messages li:last-child:has-text("sent from the conversation view")');
    const r = await ddb([...E, 'patterns', 'get-conversation', AB, '--table', MESSAGES, ...S, '--output', 'json']);
    expect(r.json().Items.at(-1)).toMatchObject({ message: 'sent from the conversation view', user_handle: 'andrewbrown' });
  });

  it.skipIf(noBrowser)('shows a hostile item as text and runs nothing', async () => {
    const hostile = {
      pk: 'HOSTILE<script>window.__pwned = 1</script>',
      sk: '<img src=x onerror="window.__pwned = 2">',
      '<img src=x onerror="window.__pwned = 3">': 'javascript:window.__pwned = 4',
      link: '<a href="javascript:window.__pwned = 5">click</a>',
      style: '<style>body { display: none }</style>',
    };
    await raw.send(new PutItemCommand({ TableName: PAGES, Item: Object.fromEntries(Object.entries(hostile).map(([k, v]) => [k, { S: v }])) }));
    await ready(page, `#/table/${PAGES}?pk=${encodeURIComponent(hostile.pk)}`);
    await page.waitForSelector('table.items tbody tr');
    const text = await page.textContent('table.items');
    for (const [name, value] of Object.entries(hostile)) {
      expect(text).toContain(value);
      expect(text).toContain(name);
    }
    await page.click('table.items a.open');
    await page.waitForSelector('#editor');
    for (const a of await page.$$('main a')) await a.click({ trial: true }).catch(() => undefined);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$eval('main img, main script, main style, main a[href^="javascript"]', (els) => els.length)).toBe(0);
    expect(await page.textContent('table.attributes')).toContain(hostile.sk);
  });
});
