/**
 * One temporary folder for the whole run: every file's `mkdtemp(tmpdir())`, the engines and binaries the tests start
 * (they inherit TMPDIR) write under it, and it is removed when the run ends — a test run leaves nothing in the
 * machine's temporary folder. Both projects list this setup; the first sets it up, and only that one removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  if (process.env.DDB_TEST_TMPDIR) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ddb-tests-'));
  process.env.DDB_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
