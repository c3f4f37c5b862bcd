/**
 * Start-up, side by side: whole processes timed from outside (spawn to exit, wall clock), A and B in turn
 * (A B A B …) after one warm-up each, the ratio taken pair by pair, medians reported. Used by bench/bench.mjs
 * (the end of a full run, or alone with `npm run bench -- --startup`).
 *
 *   A = ddb --help            B = node -e 0                                  target A/B ≤ 1.3
 *   A = ddb --version         B = node -e 0
 *   A = ddb list-tables       B = aws dynamodb list-tables --endpoint-url …  target A/B ≤ 0.3 (skipped without `aws`)
 *   with --baseline DIR: the same ddb commands against DIR/bin/ddb (another build, e.g. the tsc output before the bundle)
 *
 * The first run of each pair is a warm-up: for ddb it also writes the SDK's code cache (src/code-cache.ts), so the
 * pairs time what every later run costs. NODE_EXTRA_CA_CERTS makes every node process parse that certificate bundle
 * at start (a system bundle: ~35 ms and 400 M instructions on the 2-core machine), node -e 0 included, which
 * flatters ddb's ratios against it; --without-extra-ca runs every command without it (a user's usual environment).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './common.mjs';

const BIN = fileURLToPath(new URL('../bin/ddb', import.meta.url));

/** The real `aws` executable (a pyenv shim would add a bash script and `pyenv exec` to every run). */
export const findAws = () => {
  const pyenv = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' });
  if (pyenv.status === 0 && pyenv.stdout.trim()) return pyenv.stdout.trim();
  const which = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
};

export async function startupBench({ endpoint, runs = 21, baseline, withoutExtraCa = false, log = () => {} }) {
  const { NODE_EXTRA_CA_CERTS, ...inherited } = process.env;
  if (NODE_EXTRA_CA_CERTS) log(withoutExtraCa ? '  NODE_EXTRA_CA_CERTS dropped for every command' : '  NODE_EXTRA_CA_CERTS is set: every node process parses it at start (--without-extra-ca drops it)');
  const env = {
    ...(withoutExtraCa ? inherited : process.env),
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  };
  const once = ([cmd, ...argv]) => {
    const t = performance.now();
    const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${[cmd, ...argv].join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const pair = (name, a, bName, b, target) => {
    once(a);
    once(b);
    const as = [];
    const bs = [];
    const ratios = [];
    for (let i = 0; i < runs; i++) {
      const ta = once(a);
      const tb = once(b);
      as.push(ta);
      bs.push(tb);
      ratios.push(ta / tb);
    }
    const row = { name, vs: bName, a: median(as), b: median(bs), ratio: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), target };
    log(`  ${name} vs ${bName}: ${row.a.toFixed(0)} / ${row.b.toFixed(0)} ms = ${row.ratio.toFixed(2)}×`);
    return row;
  };
  const node = process.execPath;
  const ddb = (...argv) => [node, BIN, ...argv];
  const list = ['--endpoint-url', endpoint, 'list-tables'];
  const rows = [];
  rows.push(pair('ddb --help', ddb('--help'), 'node -e 0', [node, '-e', '0'], 1.3));
  rows.push(pair('ddb --version', ddb('--version'), 'node -e 0', [node, '-e', '0']));
  const aws = findAws();
  if (aws) rows.push(pair('ddb list-tables', ddb(...list), 'aws dynamodb list-tables', [aws, 'dynamodb', 'list-tables', '--endpoint-url', endpoint], 0.3));
  else log('  no `aws` on PATH: list-tables against the aws CLI skipped');
  rows.push(pair('ddb list-tables', ddb(...list), 'node -e 0', [node, '-e', '0']));
  if (baseline) {
    const base = (...argv) => [node, `${baseline}/bin/ddb`, ...argv];
    rows.push(pair('ddb --help', ddb('--help'), 'baseline ddb --help', base('--help')));
    rows.push(pair('ddb list-tables', ddb(...list), 'baseline ddb list-tables', base(...list)));
  }
  const awsVersion = aws ? spawnSync(aws, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[0] : undefined;
  return { runs, aws: awsVersion, rows };
}

/** Targets as bench.mjs prints them: { name, value, result }. */
export const startupTargets = ({ rows }) =>
  rows
    .filter((r) => r.target !== undefined)
    .map((r) => ({ name: `${r.name} ≤ ${r.target}× ${r.vs}`, value: `${r.ratio.toFixed(2)}×`, result: r.ratio <= r.target ? 'PASS' : 'MISS' }));

export const startupRows = ({ rows }) =>
  rows.map((r) => [r.name, r.vs, r.a.toFixed(0), r.b.toFixed(0), `${r.ratio.toFixed(2)}×`, `${r.min.toFixed(2)}–${r.max.toFixed(2)}`]);
export const STARTUP_HEAD = (runs) => [`start-up, A vs B (median of ${runs} pairs)`, 'B', 'A ms', 'B ms', 'A/B', 'A/B range'];
