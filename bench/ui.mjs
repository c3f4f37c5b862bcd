#!/usr/bin/env node
/**
 * `ddb ui`: how long a table's first view takes in the browser, for a big table and a small one side by side
 * (alternating, same engine, same page), and what the page's code weighs.
 *
 *   npm run build && node bench/ui.mjs --endpoint http://localhost:PORT --big cruddur-messages --small orders [--rounds 9]
 *
 * The engine and its tables are yours (e.g. `ddb seed --generate 1000000` into the big one). Each round loads the page
 * afresh at #/table/NAME and waits for the first page of items (one Scan request of 50 items); the time is from the
 * navigation to the items on screen, in headless Chromium (Debian's, through playwright-core). The table's facts
 * (DescribeTable, read alongside) are waited for before the next round, outside the time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { log, machine, median, print, table } from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const endpoint = arg('endpoint');
const big = arg('big', 'cruddur-messages');
const small = arg('small', 'orders');
const rounds = Number(arg('rounds', '9'));
if (!endpoint) throw new Error('--endpoint URL is required');

const ui = spawn(process.execPath, [join(ROOT, 'bin', 'ddb'), '--endpoint-url', endpoint, 'ui'], { env: { ...process.env, NO_COLOR: '1' } });
const url = await new Promise((resolve, reject) => {
  let err = '';
  ui.stderr.setEncoding('utf8').on('data', (s) => {
    err += s;
    const m = /ddb ui: (\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
  ui.on('exit', () => reject(new Error(err)));
});
const profile = mkdtempSync(join(tmpdir(), 'ddb-bench-ui-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready]');
  const origin = new URL(url).origin;
  const count = async (name) => {
    const r = await page.evaluate(async (n) => (await fetch(`/api/tables/${encodeURIComponent(n)}`)).json(), name);
    return r.itemCount;
  };
  const firstView = async (name) => {
    await page.goto('about:blank');
    const t = performance.now();
    await page.goto(`${origin}/#/table/${encodeURIComponent(name)}`);
    await page.waitForSelector('table.items tbody tr');
    const ms = performance.now() - t;
    // the facts (DescribeTable: DynamoDB Local counts the items, seconds at 1M) before the next round, so that one
    // round's count does not slow the next round's read
    await page.waitForSelector('#describe .facts', { timeout: 120_000 });
    return ms;
  };
  const times = { [big]: [], [small]: [] };
  await firstView(big); // warm-up: the browser's cache of the page's own script, the engine's JIT
  await firstView(small);
  for (let i = 0; i < rounds; i++) for (const name of i % 2 ? [small, big] : [big, small]) times[name].push(await firstView(name));
  const ratios = times[big].map((t, i) => t / times[small][i]);
  const size = (f) => statSync(join(ROOT, 'dist', 'ui', f)).size;
  print(`ddb ui, a table's first view (${rounds} rounds, alternating; ${machine()})`);
  print(
    table(
      ['table', 'items (DescribeTable)', 'first view, median ms', 'min–max ms'],
      [
        [big, (await count(big)).toLocaleString('en-US'), median(times[big]).toFixed(0), `${Math.min(...times[big]).toFixed(0)}–${Math.max(...times[big]).toFixed(0)}`],
        [small, (await count(small)).toLocaleString('en-US'), median(times[small]).toFixed(0), `${Math.min(...times[small]).toFixed(0)}–${Math.max(...times[small]).toFixed(0)}`],
      ],
    ),
  );
  print(`paired ratio big/small: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  print(`page code: dist/ui/app.js ${(size('app.js') / 1024).toFixed(1)} KiB, app.css ${(size('app.css') / 1024).toFixed(1)} KiB`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  ui.kill('SIGINT');
  log('done');
}
