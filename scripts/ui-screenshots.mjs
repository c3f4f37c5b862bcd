#!/usr/bin/env node
/**
 * Regenerates the README's screenshots of `ddb ui` (docs/ui-*.png, 1280×800): an in-memory DynamoDB Local on a free
 * port with the shipped schema and seed, the built `ddb ui`, and Debian's headless Chromium (playwright-core).
 *
 *   npm run build && node scripts/ui-screenshots.mjs
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ddb');
const AB = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const state = mkdtempSync(join(tmpdir(), 'ddb-shots-'));
const env = { ...process.env, DDB_STATE_DIR: state, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'fake', AWS_SECRET_ACCESS_KEY: 'fake' };
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const ddb = (...args) => execFileSync(process.execPath, [BIN, ...args], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const port = await freePort();
const E = ['--endpoint-url', `http://localhost:${port}`];
ddb('local', 'start', '--port', String(port), '--in-memory');
let ui;
let browser;
try {
  ddb(...E, 'schema-load', '--yes');
  ddb(...E, 'seed');
  ui = spawn(process.execPath, [BIN, ...E, 'ui'], { env, cwd: ROOT });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    ui.stderr.setEncoding('utf8').on('data', (s) => { err += s; const m = /ddb ui: (\S+)/.exec(err); if (m) resolve(m[1]); });
    ui.on('exit', () => reject(new Error(err)));
  });
  browser = await chromium.launchPersistentContext(mkdtempSync(join(state, 'chromium-')), {
    executablePath: '/usr/bin/chromium',
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  const open = async (hash, selector) => {
    await page.goto('about:blank');
    await page.goto(hash ? `${origin}/${hash}` : url);
    await page.waitForSelector(selector);
  };
  await open('', 'body[data-ready]');
  await open(`#/table/cruddur-messages?pk=${encodeURIComponent(`MSG#${AB}`)}&op=begins_with&value=2026-11&desc=1&limit=25`, '#describe .facts');
  await page.screenshot({ path: join(ROOT, 'docs', 'ui-table.png') });
  await open('#/patterns', '#pattern-get-conversation');
  await page.fill('#pattern-get-conversation input[name=group]', AB);
  await page.fill('#pattern-get-conversation input[name=__limit]', '5');
  await page.click('#pattern-get-conversation button[type=submit]');
  await page.waitForSelector('#pattern-get-conversation .summary');
  await page.screenshot({ path: join(ROOT, 'docs', 'ui-patterns.png') });
  await open(`#/conversations?user=andrewbrown&group=${AB}`, '#messages li');
  await page.waitForFunction(() => { const m = document.querySelector('#messages'); return m && m.scrollTop > 0; });
  await page.screenshot({ path: join(ROOT, 'docs', 'ui-conversation.png') });
  process.stderr.write('docs/ui-table.png, docs/ui-patterns.png, docs/ui-conversation.png\n');
} finally {
  await browser?.close();
  ui?.kill('SIGINT');
  ddb('local', 'stop', '--port', String(port));
  rmSync(state, { recursive: true, force: true });
}
