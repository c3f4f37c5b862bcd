/**
 * Headless Chromium for the page tests: Debian's /usr/bin/chromium (`.ci/run` installs it), driven by playwright-core
 * (no browser download), with a fresh profile and the flags that keep it off the network.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** undefined when the browser tests can run; otherwise why not (the describe block's name says it). */
export const noBrowser = existsSync(CHROMIUM) ? undefined : `skipped: ${CHROMIUM} is missing (apt-get install chromium)`;

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launchBrowser = async (): Promise<{ context: BrowserContext; close(): Promise<void> }> => {
  const profile = mkdtempSync(join(tmpdir(), 'ddb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1280, height: 800 } });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
