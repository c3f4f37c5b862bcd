/**
 * A write that fails is a failure: the built ddb with stdout on a full device (/dev/full: every write is ENOSPC) ends
 * non-zero with one line saying how much reached the output — never "exported N" — and no stack trace. A closed
 * stdout (`>&-`) is the one case ddb cannot see: Node reopens a closed descriptor on /dev/null before any JavaScript
 * runs, so the output is discarded as into /dev/null.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN } from './helpers/run.js';
import { loadOrders, ORDERS_NDJSON } from './helpers/orders.js';
import { client, dropTable } from './faults/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' };
let table = '';

beforeAll(async () => {
  table = await loadOrders(endpoint, 'full');
}, 60_000);
afterAll(async () => dropTable(client(endpoint), table));

/** The built ddb with its stdout on /dev/full. */
const toFullDevice = (args: string[]) => {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env });
    return { code: r.status ?? -1, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
};

/** The built ddb started by a shell with its stdout closed. */
const withStdoutClosed = (args: string[]) => {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('sh', ['-c', `${quoted} >&-`], { encoding: 'utf8', env });
  return { code: r.status ?? -1, stderr: r.stderr };
};

describe.skipIf(!existsSync('/dev/full'))('stdout on a full device', () => {
  const commands: [string, string[]][] = [
    ['--help', ['--help']],
    ['list-tables -o json', [...E, 'list-tables', '-o', 'json']],
    ['scan -o json', [...E, 'scan', '$T', '-o', 'json']],
    ['scan (table)', [...E, 'scan', '$T']],
    ['get', [...E, 'get', '$T', 'CUST#c001', 'PROFILE']],
    ['export', [...E, 'export', '$T']],
    ['export --format csv', [...E, 'export', '$T', '--format', 'csv']],
    ['import -o json', [...E, 'import', '$T', ORDERS_NDJSON, '-o', 'json']],
  ];
  for (const [name, args] of commands) {
    it(`${name}: exit 1, one line with how much reached stdout, no stack trace`, () => {
      const r = toFullDevice(args.map((a) => (a === '$T' ? table : a)));
      expect(r.code, r.stderr).toBe(1);
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('→'));
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^ddb: cannot write to stdout: ENOSPC \(no space left on device\)/);
      expect(r.stderr).not.toMatch(/exported|at .*\.js:\d+|node:events/);
    });
  }
  it('says how many bytes and lines got there (none, on a full device)', () => {
    expect(toFullDevice([...E, 'export', table]).stderr).toContain('only 0 byte(s), 0 line(s), reached it — the output is incomplete');
  });
});

describe('stdout closed by the shell (`>&-`)', () => {
  it('is /dev/null to Node: the command runs, exit 0, no stack trace and no claim about stdout', () => {
    for (const args of [['--help'], [...E, 'export', table]]) {
      const r = withStdoutClosed(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/node:events|Unhandled|EBADF/);
    }
  });
});
