/** End to end: the built ddb against the test setup's DynamoDB Local, as the "done when" runs it. */
import { describe, expect, it, inject } from 'vitest';
import { ddbBin as ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';

describe('ddb end to end', () => {
  it('loads the schema, seeds twice without duplicates, runs the patterns, refuses and drops', { timeout: 90_000 }, () => {
    const [create] = ddb([...E, 'schema-load', '--dry-run', '-o', 'json']).json().steps;
    expect(create.api).toBe('CreateTable');
    expect(create.input.TableName).toBe('cruddur-messages');
    expect(create.input.GlobalSecondaryIndexes[0].IndexName).toBe('message-group-sk-index');

    const first = ddb([...E, 'schema-load']);
    expect(first.code, first.stderr).toBe(0);
    const again = ddb([...E, 'schema-load']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('up to date');

    expect(ddb([...E, 'seed']).code).toBe(0);
    const count1 = ddb([...E, 'scan', '--output', 'json']).json().Count;
    expect(ddb([...E, 'seed']).code).toBe(0);
    const count2 = ddb([...E, 'scan', '--output', 'json']).json().Count;
    expect(count1).toBe(132);
    expect(count2).toBe(count1);

    const tables = ddb([...E, 'list-tables', '--output', 'json']).json();
    expect(tables.map((t: { TableName: string }) => t.TableName)).toContain('cruddur-messages');

    const groups = ddb([...E, 'patterns', 'list-conversations', '@andrewbrown', '--output', 'json']).json();
    expect(groups.Items.map((i: { user_handle: string }) => i.user_handle)).toEqual(['londo', 'bayko']);
    expect(groups.ConsumedCapacity.CapacityUnits).toBeGreaterThan(0);

    const conv = ddb([...E, 'patterns', 'get-conversation', GROUP, '--output', 'json']).json();
    expect(conv.Items).toHaveLength(20);
    const sks = conv.Items.map((i: { sk: string }) => i.sk);
    expect([...sks].sort()).toEqual(sks);
    expect(sks.at(-1)).toBe('2026-11-15T16:08:18.360Z');

    const refused = ddb([...E, 'drop', 'cruddur-messages']);
    expect(refused.code).toBe(5);
    // still there (other test files create and drop their own tables on this engine meanwhile: no count)
    expect(ddb([...E, 'list-tables', '--output', 'json']).json().map((t: { TableName: string }) => t.TableName)).toContain('cruddur-messages');

    expect(ddb([...E, 'drop', 'cruddur-messages', '--yes']).code).toBe(0);
    const missing = ddb([...E, 'scan', 'cruddur-messages']);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('ddb schema-load');
  });

  it('says when nothing answers, in one line, exit 4', () => {
    const r = ddb(['--endpoint-url', 'http://127.0.0.1:1', 'list-tables']);
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('ddb local start');
  });

  it('rejects bad input with exit 2 and no stack trace', () => {
    const r = ddb([...E, 'patterns', 'get-conversation', 'not-a-uuid']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(ddb([...E, 'scan', '--limit', 'abc']).code).toBe(2);
    expect(ddb([...E, 'patterns', 'get-conversation', GROUP, '--since', 'yesterday']).code).toBe(2);
  });

  it('prints the exact Query with --dry-run, even in prod mode without credentials', () => {
    const r = ddb(['--prod', '--region', 'eu-west-1', 'patterns', 'get-conversation', GROUP, '--limit', '5', '--dry-run', '-o', 'json'], {
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', HOME: '/nonexistent' },
    });
    expect(r.code).toBe(0);
    expect(r.json().steps[0].input).toMatchObject({ KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': `MSG#${GROUP}` }, ScanIndexForward: false, Limit: 5 });
  });

  it('refuses to drop in AWS without --allow-prod, before any request', () => {
    expect(ddb(['--prod', '--region', 'eu-west-1', 'drop', 'cruddur-messages', '--yes']).code).toBe(5);
  });
});
