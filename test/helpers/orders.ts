/**
 * The examples/orders table under a unique name, made entirely through ddb (schema-load from a copy of
 * examples/orders/tables.json with the name changed, then import of examples/orders/orders.ndjson): a table ddb
 * has never heard of. Also the items of the NDJSON file, to compare with what the commands print.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { uniqueName } from '../faults/tables.js';
import { ddb } from './run.js';

export const ORDERS_SCHEMA = fileURLToPath(new URL('../../examples/orders/tables.json', import.meta.url));
export const ORDERS_NDJSON = fileURLToPath(new URL('../../examples/orders/orders.ndjson', import.meta.url));

export type Item = Record<string, any>;

export const orderItems = (): Item[] =>
  readFileSync(ORDERS_NDJSON, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Item);

/** Creates and loads the orders table as `prefix-xxxxxx` through ddb; returns its name. */
export const loadOrders = async (endpoint: string, prefix: string): Promise<string> => {
  const name = uniqueName(prefix);
  const schema = JSON.parse(readFileSync(ORDERS_SCHEMA, 'utf8'));
  schema.tables[0].name = name;
  const file = join(mkdtempSync(join(tmpdir(), 'ddb-orders-')), 'tables.json');
  writeFileSync(file, JSON.stringify(schema));
  const E = ['--endpoint-url', endpoint];
  const created = await ddb([...E, 'schema-load', '--schema', file, '--yes']);
  expect(created.code, created.stderr).toBe(0);
  const loaded = await ddb([...E, 'import', name, ORDERS_NDJSON, '--output', 'json']);
  expect(loaded.code, loaded.stderr).toBe(0);
  expect(loaded.json().items).toBe(orderItems().length);
  return name;
};

/** The --starting-token of a "more: ddb …" line. */
export const tokenOf = (stderr: string): string | undefined => /more: .*--starting-token (\S+)/.exec(stderr)?.[1];
