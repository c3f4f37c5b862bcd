import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, told apart by what a file asks for. `engine`: the files that use the shared DynamoDB Local (they
 * `inject('endpoint')`); its global setup starts that engine once for the run. `no-engine`: every other file — the
 * pure layer (builders, plans, parsers, renderers) and the files that start engines of their own or talk to none —
 * runs without it, so `npx vitest run test/unit.test.ts` starts no JVM.
 */
const testFiles = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f.replaceAll('\\', '/')}`);
const usesEngine = (file: string) => /\binject\(\s*['"]endpoint['"]\s*\)/.test(readFileSync(file, 'utf8'));

export default defineConfig({
  test: {
    // Vitest's default (cores − 1) is one worker on a 2-core machine, and most files spend their time waiting on
    // DynamoDB Local or a child process: two files at a time took the suite from 124 s to 83 s here (three: 87 s).
    // Every file makes its own tables (unique names) on the shared engine, so files may overlap.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A worker runs its files one after another in one process (no test mocks modules or keeps global state): each
    // file no longer starts a fresh process that loads the SDK and ddb's modules again.
    isolate: false,
    // DDB_LOCAL_JVM_PROFILE: the engines tests start with `ddb local start` / `ddb up` live seconds, not hours: the
    // test profile's C1-only JIT answers sooner and costs less CPU than the dev profile those commands use by default.
    env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'fake', AWS_SECRET_ACCESS_KEY: 'fake', NO_COLOR: '1', DDB_LOCAL_JVM_PROFILE: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'engine', include: testFiles.filter(usesEngine), globalSetup: ['test/temp-setup.ts', 'test/global-setup.ts'] } },
      { extends: true, test: { name: 'no-engine', include: testFiles.filter((f) => !usesEngine(f)), globalSetup: ['test/temp-setup.ts'] } },
    ],
  },
});
