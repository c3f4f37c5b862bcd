/**
 * Tab completion: what `ddb __complete` offers for a line (in-process, the logic every shell shares), then the three
 * scripts driven by bash, zsh and fish themselves over the built binary (skipped where a shell is missing; .ci/run
 * installs them).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { BIN, ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const db = client(endpoint);
const prefix = uniqueName('tabcomplete');
const tables = [`${prefix}-a`, `${prefix}-b`];

beforeAll(async () => {
  await Promise.all(tables.map((t) => createTable(db, t)));
});
afterAll(async () => {
  await Promise.all(tables.map((t) => dropTable(db, t)));
  db.destroy();
});

/** An endpoint that accepts connections and never answers; `close` lets go of them. */
const silentEndpoint = async (): Promise<{ url: string; close: () => void }> => {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
};

/** The candidates ddb offers for the line `ddb WORD…` (the last word is the one under the cursor). */
const offered = async (...words: string[]) => {
  const r = await ddb(['__complete', '--', ...words]);
  expect(r.code).toBe(0);
  const [kind, ...lines] = r.stdout.trimEnd().split('\n');
  return { kind, values: lines.map((l) => l.split('\t')[0]), lines, stderr: r.stderr };
};

describe('ddb __complete', () => {
  it('offers the commands with their summaries, not the hidden one', async () => {
    const all = await offered('');
    expect(all.kind).toBe('words');
    expect(all.values).toEqual(expect.arrayContaining(['up', 'local', 'scan', 'query', 'patterns', 'completion']));
    expect(all.values).not.toContain('__complete');
    expect(all.lines).toContain('scan\tread every item of a table [API: Scan]');
    expect((await offered('sc')).values).toEqual(['schema-load', 'scan']);
    expect((await offered('local', 'st')).values).toEqual(['start', 'stop', 'status']);
  });

  it("offers a command's options and the global ones, after global options and their values", async () => {
    const opts = await offered('--endpoint-url', 'http://localhost:1', 'query', 't', 'pk', '--');
    expect(opts.values).toEqual(expect.arrayContaining(['--index', '--sk', '--limit', '--help', '--output', '--endpoint-url']));
    expect((await offered('-o', 'json', 'query', 'orders', 'pk', '--ind')).values).toEqual(['--index']);
  });

  it('offers the choices of an option, files, folders and patterns', async () => {
    expect(await offered('scan', '--output', 'n')).toMatchObject({ kind: 'words', values: ['ndjson'] });
    expect((await offered('export', 't', '--format', '')).values).toEqual(['dynamodb', 'ndjson', 'json', 'csv']);
    expect((await offered('completion', '')).values).toEqual(['bash', 'zsh', 'fish']);
    expect((await offered('import', 't', '')).kind).toBe('files');
    expect((await offered('schema-load', '--schema', 'sch')).kind).toBe('files');
    expect((await offered('local', 'start', '--data-dir', '')).kind).toBe('dirs');
    // the access patterns this folder's schema file declares, and the ones in code
    expect((await offered('patterns', '')).values).toEqual(expect.arrayContaining(['get-conversation', 'list-conversations', 'create-message', 'check']));
  });

  it('offers the tables of the engine the line points at, with --endpoint-url or --endpoint-url=', async () => {
    expect((await offered('--endpoint-url', endpoint, 'describe', prefix)).values).toEqual(tables);
    expect((await offered(`--endpoint-url=${endpoint}`, 'scan', `${prefix}-b`)).values).toEqual([`${prefix}-b`]);
    expect((await offered('get', '--endpoint-url', endpoint, `${prefix}-a`)).values).toEqual([`${prefix}-a`]);
  });

  it('offers no tables, silently and within 3 s (1.5 s of waiting), when the engine is down or does not answer', async () => {
    const down = await offered('--endpoint-url', 'http://127.0.0.1:9', 'describe', '');
    expect(down).toMatchObject({ kind: 'words', values: [], stderr: '' });

    const silent = await silentEndpoint();
    const started = Date.now();
    try {
      expect((await offered('--endpoint-url', silent.url, 'describe', '')).values).toEqual([]);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });
});

describe('the built binary at a Tab', () => {
  it('ends soon after its answer when the engine never answers (the shell waits for the process, not the output)', async () => {
    const silent = await silentEndpoint();
    try {
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, '__complete', '--', '--endpoint-url', silent.url, 'describe', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(out).toBe('words\n');
      expect(Date.now() - started).toBeLessThan(5_000); // 1.5 s of waiting, then start-up and exit; it used to hang
    } finally {
      silent.close();
    }
  });
});

describe('ddb completion SHELL', () => {
  it('prints the script for each shell, and refuses another shell in one line', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await ddb(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('ddb __complete --');
    }
    const bad = await ddb(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
/** `ddb` on PATH is the built binary, as after `npm install -g`. */
const binDir = mkdtempSync(join(tmpdir(), 'ddb-completion-'));
symlinkSync(BIN, join(binDir, 'ddb'));
const inShell = (shell: string, args: string[]) => {
  const r = spawnSync(shell, args, { encoding: 'utf8', env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}`, AWS_EC2_METADATA_DISABLED: 'true' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trimEnd().split('\n');
};
const E = `--endpoint-url ${endpoint}`;
/** What each completion printed, the scripts below printing @@ after each. */
const groups = (lines: string[]) => lines.join('\n').split('@@').slice(0, -1).map((s) => s.trim().split('\n'));

describe('the scripts in their shells (built binary)', () => {
  it.skipIf(!has('bash'))('bash', () => {
    const at = (line: string) => `COMP_WORDS=(${line}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _ddb; printf '%s\\n' "\${COMPREPLY[@]}"; echo @@`;
    const out = inShell('bash', ['-c', ['source <(ddb completion bash)', at('ddb sc'), at(`ddb ${E} describe ${prefix}-`), at('ddb scan --output j'), at('ddb import t test/help')].join('\n')]);
    expect(groups(out)).toEqual([['schema-load', 'scan'], tables, ['json'], ['test/helpers']]);
  });

  it.skipIf(!has('zsh'))('zsh', () => {
    // the completion system's functions stubbed to print what they were given
    const stubs = `_describe() { print -rl -- "\${(@P)\${@[-1]}}" }; _files() { print -r -- "files $*" }; compdef() { print -r -- "compdef $*" }`;
    const at = (...words: string[]) => `words=(${words.join(' ')}); CURRENT=${words.length}; _ddb; print -- @@`;
    const out = inShell('zsh', ['-fc', [stubs, 'source <(ddb completion zsh)', at('ddb', 'sc'), at('ddb', '--endpoint-url', endpoint, 'get', `${prefix}-a`), at('ddb', 'seed', '--dir', "''")].join('\n')]);
    expect(groups(out)).toEqual([
      ['compdef _ddb ddb', 'schema-load:plan (--plan) or apply the schema file: tables, indexes, billing, stream, TTL, PITR, protection, tags', 'scan:read every item of a table [API: Scan]'],
      [`${prefix}-a`],
      ['files -/'],
    ]);
  });

  it.skipIf(!has('fish'))('fish', () => {
    const out = inShell('fish', ['-c', ['ddb completion fish | source', 'complete -C"ddb local s"', 'echo @@', `complete -C"ddb ${E} query ${prefix}-b"`, 'echo @@'].join('\n')]);
    expect(groups(out)).toEqual([
      ['start\tstart DynamoDB Local (or dynalite) and return once it answers', 'status\tengine, version, port, pid, data folder, up/down: every engine ddb started, or the one on --port', 'stop\tstop the engine that `ddb local start` started'],
      [`${prefix}-b`],
    ]);
  });
});
