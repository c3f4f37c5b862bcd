#!/usr/bin/env node
/**
 * `npm test`: the type-check, the build and every test, in one command that fails when any of them fails.
 *
 * The type-check (`npm run typecheck`) starts first and runs beside the build and the tests, at a lower CPU priority
 * (nice 10): it takes the CPU the tests leave idle while they wait on DynamoDB Local, timeouts and child processes,
 * instead of making them wait ~15 s for it. Its output is held and printed after the tests'. The tests start once the
 * build is done (the end-to-end tests run dist/).
 *
 *   node scripts/test.mjs [vitest arguments…]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** Runs a command; resolves its exit code and, when `hold` is set, its output (else the output goes straight through). */
const run = (command, args, { hold = false } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (hold) for (const stream of [child.stdout, child.stderr]) stream.setEncoding('utf8').on('data', (s) => (output += s));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const typecheck = run('nice', ['-n', '10', 'npm', 'run', '--silent', 'typecheck'], { hold: true }).then((r) => ({ ...r, at: seconds() }));
const build = await run('npm', ['run', '--silent', 'build']);
const tests = build.code === 0 ? await run(process.execPath, [VITEST, 'run', ...process.argv.slice(2)]) : { code: 1 };
const testsAt = seconds();
const types = await typecheck;
if (types.output.trim()) process.stdout.write(`\n${types.output}`);
process.stdout.write(`type-check: ${types.code === 0 ? 'passed' : `failed (exit ${types.code})`} at ${types.at}; ${build.code === 0 ? `tests done at ${testsAt}` : 'build failed, tests not run'}\n`);
process.exitCode = build.code || tests.code || types.code;
