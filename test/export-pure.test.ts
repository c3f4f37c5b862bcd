/** What ddb seed --generate and ddb export build before anything is sent, pure: the generated load and the CSV encoder (no engine). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_END, generateItems } from '../src/seed/generate.js';
import { columnTypes, csvEncoder } from '../src/output/csv-encoder.js';

describe('generator and encoders (pure)', () => {
  const users = JSON.parse(readFileSync(new URL('../seed/users.json', import.meta.url), 'utf8'));

  it('generates lazily, deterministically, with unique increasing timestamps before GENERATED_END', () => {
    const opts = { messages: 2_000, conversations: 40, randomSeed: 3, users };
    const a = [...generateItems(opts)];
    expect(a).toEqual([...generateItems(opts)]);
    expect(a).toHaveLength(2_080);
    const sks = a.filter((i) => i.pk!.startsWith('MSG#')).map((i) => i.sk);
    expect(new Set(sks).size).toBe(2_000);
    expect([...sks].sort()).toEqual(sks);
    expect(Date.parse(sks.at(-1) as string)).toBeLessThan(GENERATED_END);
    expect(a[0]).toMatchObject({ message_uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
    expect(generateItems({ ...opts, randomSeed: 4 }).next().value).not.toEqual(a[0]);
  });

  it('CSV: the header types each column; S cells as they are ("" quoted, absent empty), N, B, BOOL as text, the rest DynamoDB JSON', () => {
    const columns = columnTypes(['pk', 's', 'n', 'b', 'ok', 'set', 'mixed'], [
      { pk: { S: 'a' }, s: { S: 'a,b' }, n: { N: '12345678901234567890.5' }, b: { B: new Uint8Array([1, 2]) }, ok: { BOOL: true }, set: { SS: ['x'] }, mixed: { S: '1' } },
      { pk: { S: 'b' }, s: { S: '' }, mixed: { N: '1' } },
    ]);
    expect(columns.map((c) => `${c.name}:${c.type}`)).toEqual(['pk:S', 's:S', 'n:N', 'b:B', 'ok:BOOL', 'set:DDB', 'mixed:DDB']);
    const encoder = csvEncoder(columns);
    expect(encoder.head()).toBe('pk:S,s:S,n:N,b:B,ok:BOOL,set:DDB,mixed:DDB\n');
    expect(encoder.page([{ pk: { S: 'a' }, s: { S: 'a,b' }, n: { N: '12345678901234567890.5' }, b: { B: new Uint8Array([1, 2]) }, ok: { BOOL: true }, set: { SS: ['x'] }, mixed: { S: '1' } }])).toBe(
      'a,"a,b",12345678901234567890.5,AQI=,true,"{""SS"":[""x""]}","{""S"":""1""}"\n',
    );
    expect(encoder.page([{ pk: { S: 'b' }, s: { S: '' }, n: { S: 'n/a' } }])).toBe('b,"","{""S"":""n/a""}",,,,\n');
    expect([...encoder.mismatched]).toEqual([['n', 1]]);
  });
});
