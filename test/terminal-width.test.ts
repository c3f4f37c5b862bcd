/**
 * Tables fit the terminal: at 80 columns no line of any command's table output is wider than 80, and no key or uuid
 * value is cut (a uuid shown is shown whole, so it can be copied). --wide shows every column in full. Every command
 * in-process (stdout 80 columns wide), and every one again through the built binary on a real pseudo-terminal
 * (util-linux `script`, `stty cols`) with colour on: styles are never cut mid-sequence, labels and copyable values
 * (names, ARNs, key names) are whole, and the terminal's own width is read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';
import { displayWidth } from '../src/render/table.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const TABLE = `width-${Math.random().toString(36).slice(2, 8)}`;
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const dir = mkdtempSync(join(tmpdir(), 'ddb-width-'));
const schema = shippedSchemaAs(TABLE, dir);

beforeAll(async () => {
  expect((await ddb([...E, 'schema-load', '--schema', schema])).code).toBe(0);
  expect((await ddb([...E, 'seed', '--table', TABLE])).code).toBe(0);
});
afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

const UUID_START = /[0-9a-f]{8}-[0-9a-f-]{0,27}/gi;
const WHOLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COMMANDS: string[][] = [
  ['scan', TABLE],
  ['scan', TABLE, '--max-rows', '200'],
  ['patterns', 'list-conversations', 'andrewbrown', '--table', TABLE],
  ['patterns', 'get-conversation', GROUP, '--table', TABLE],
  ['patterns', 'get-conversation', GROUP, '--table', TABLE, '--explain'],
  ['patterns'],
  ['describe', TABLE],
  ['audit', TABLE, '--schema', schema],
  ['list-tables'],
  ['schema-load', '--plan', '--schema', schema],
  ['seed', '--table', TABLE],
  ['local', 'status', '--port', new URL(endpoint).port],
  ['completion', 'bash'],
  ['completion', 'zsh'],
  ['completion', 'fish'],
];

/**
 * A value people copy that is longer than the terminal alone (a stream ARN: the table's ARN plus a timestamp, 84+
 * characters) stands whole on a line of its own: the one line allowed past the width, as it cannot be cut.
 */
const wholeValue = (line: string) => /^\s*\S+$/.test(line.replace(/\x1b\[[0-9;]*m/g, ''));
const tooWide = (line: string) => displayWidth(line) > 80 && !wholeValue(line);

describe('tables at 80 columns', () => {
  it.each(COMMANDS)('%s %s …: no line wider than 80, no uuid cut', async (...args) => {
    const r = await ddb([...E, ...args], { columns: 80 });
    expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter(tooWide), r.stdout).toEqual([]);
    for (const uuid of r.stdout.match(UUID_START) ?? []) expect(uuid, r.stdout).toMatch(WHOLE_UUID);
  });

  it('list-tables shows every table name whole (a name is what you copy), however long', async () => {
    const long = `${TABLE}-with-a-name-long-enough-to-crowd-the-other-columns`;
    const loaded = await ddb([...E, 'schema-load', '--schema', shippedSchemaAs(long, dir)]);
    expect(loaded.code, loaded.stderr).toBe(0);
    try {
      const r = await ddb([...E, 'list-tables'], { columns: 80 });
      expect(r.stdout.split('\n').filter((l) => displayWidth(l) > 80), r.stdout).toEqual([]);
      expect(r.stdout).toContain(long);
      expect(r.stdout).toContain(TABLE);
    } finally {
      await ddb([...E, 'drop', long, '--yes']);
    }
  });

  /** The built ddb on a pseudo-terminal of `columns` columns: the lines the terminal showed (stdout and stderr). */
  const onTerminal = (columns: number, args: string[], colour = false, status: number | null = 0): string[] => {
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const command = `stty cols ${columns} rows 40 && exec ${[process.execPath, BIN, ...E, ...args].map(quote).join(' ')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' };
    if (colour) delete env.NO_COLOR;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env });
    if (status !== null) expect(r.status, r.stdout).toBe(status);
    return r.stdout.split(/\r?\n/);
  };

  // Lines that hold a command to copy stay whole, whatever the width: `more: ddb …` and `ddb …` in backticks; and an
  // error is one line (`ddb: …`, for grep and for CI logs).
  const copyable = (line: string) => line.startsWith('more: ddb ') || line.includes('`') || line.startsWith('ddb: ');
  const SGR = /\x1b\[[0-9;]*m/g;

  it.each([...COMMANDS.filter(([c]) => c !== 'completion'), ['get', TABLE, `MSG#${GROUP}`, '2026-11-15T16:08:18.360Z']])(
    'in colour on a real 80-column terminal: %s %s … — styles whole, labels and copyable values whole, every line fits',
    (...args) => {
      const lines = onTerminal(80, args, true, null); // audit and schema-load --plan have exit codes of their own
      const shown = lines.join('\n');
      expect(shown, shown).toMatch(SGR); // colour is on
      const plain = shown.replace(SGR, '');
      expect(plain, shown).not.toContain('\x1b'); // no escape sequence cut in the middle…
      expect(plain, shown).not.toMatch(/\[\d+(;\d+)*m/); // …nor its tail left on the screen
      expect(lines.filter((l) => tooWide(l) && !copyable(l.replace(SGR, ''))), shown).toEqual([]);
      for (const uuid of plain.match(UUID_START) ?? []) expect(uuid, shown).toMatch(WHOLE_UUID);
      if (args[0] === 'describe') {
        for (const label of ['point-in-time recovery', 'deletion protection', 'partition key']) expect(plain).toContain(label);
        expect(plain).toMatch(new RegExp(`arn:aws:dynamodb:[^\\s]*:table/${TABLE}(\\s|$)`, 'm'));
        expect(plain).toContain('message_group_uuid (S)');
      }
    },
  );

  it('reads the width of a real terminal: at 100 columns a scan uses them, and no more', () => {
    const widths = onTerminal(100, ['scan', TABLE]).filter((l) => !l.startsWith('more: ddb ')).map(displayWidth);
    expect(Math.max(...widths)).toBeGreaterThan(80);
    expect(Math.max(...widths)).toBeLessThanOrEqual(100);
  });

  it.each([['scan', TABLE], ['patterns', 'list-conversations', 'andrewbrown', '--table', TABLE], ['describe', TABLE]])(
    'on a real pseudo-terminal of 80 columns (the built binary): %s %s …',
    (...args) => {
      const lines = onTerminal(80, args);
      const shown = lines.join('\n');
      expect(lines.some((l) => l.includes('│'))).toBe(true); // a table, drawn for this terminal
      // stdout and stderr share the terminal: all but the "more: ddb …" line, a command to copy whole (its token alone
      // is longer than 80), fit
      expect(lines.filter((l) => tooWide(l) && !l.startsWith('more: ddb ')), shown).toEqual([]);
      for (const uuid of shown.match(UUID_START) ?? []) expect(uuid, shown).toMatch(WHOLE_UUID);
    },
  );

  it('--wide shows every column in full', async () => {
    const narrow = await ddb([...E, 'scan', TABLE, '--max-rows', '3'], { columns: 80 });
    expect(narrow.stdout).toContain('not shown, to fit 80 columns');
    const wide = await ddb([...E, '--wide', 'scan', TABLE, '--max-rows', '3'], { columns: 80 });
    expect(wide.stdout).not.toContain('not shown');
    expect(wide.stdout).toContain('user_display_name');
    expect(Math.max(...wide.stdout.split('\n').map(displayWidth))).toBeGreaterThan(80);
  });
});
