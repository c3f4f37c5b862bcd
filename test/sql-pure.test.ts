/** PartiQL statements as ddb sql reads them, pure: the kind, table and index, and whether a WHERE fixes the partition key (no engine). */
import { describe, expect, it } from 'vitest';
import { fixesPartitionKey, readStatement } from '../src/requests/partiql.js';

describe('reading a statement (pure)', () => {
  it('the kind, the table and index, the WHERE clause', () => {
    expect(readStatement(`SELECT * FROM "orders-1"."gsi1" WHERE gsi1pk = 'x' ORDER BY gsi1sk DESC`)).toMatchObject({ kind: 'select', table: 'orders-1', index: 'gsi1' });
    expect(readStatement(`select a, b from orders`)).toEqual({ kind: 'select', table: 'orders' });
    expect(readStatement(`SELECT * FROM (SELECT 1 FROM x) WHERE pk = 'a'`).table).toBeUndefined();
    expect(readStatement(`INSERT INTO "orders" VALUE {'pk': 'a'}`)).toEqual({ kind: 'insert', table: 'orders' });
    expect(readStatement(`UPDATE orders SET a = 1 WHERE pk = 'a'`)).toEqual({ kind: 'update', table: 'orders', returning: false });
    expect(readStatement(`DELETE FROM "orders" WHERE pk = 'a' RETURNING ALL OLD *`)).toEqual({ kind: 'delete', table: 'orders', returning: true });
  });

  it.each([
    [`pk = 'a'`, true],
    [`"pk" = ?`, true],
    [`'a' = pk AND sk > 'b'`, true],
    [`sk BETWEEN 'a' AND 'b' AND pk = 'x'`, true],
    [`pk IN ['a', 'b']`, true],
    [`(pk = 'a' AND begins_with(sk, 'O'))`, true],
    [`pk = 'a' OR pk = 'b'`, false], // DynamoDB Local reads every partition for it
    [`(pk = 'a' OR pk = 'b') AND total > 1`, false],
    [`pk = 'a' AND pk = 'b'`, false], // the same
    [`pk IN ('a', 'b') AND /* pk = */ total > 1`, true],
    [`pk IN ['a', sk]`, false],
    [`pk = 'a' AND NOT sk BETWEEN '0' AND '2'`, false], // DynamoDB Local scans for each of these
    [`pk = 'a' AND sk <> '1'`, false],
    [`pk = 'a' AND sk > '1' AND sk < '3'`, false],
    [`pk = 'a' AND contains(sk, '1')`, false],
    [`pk = 'a' AND begins_with(sk, '1')`, true],
    [`pk = 'a' OR total > 1`, false],
    [`pk > 'a'`, false],
    [`begins_with(pk, 'a')`, false],
    [`total = 5`, false],
    [`pk = sk`, false],
    [`PK = 'a'`, false],
    [`note = 'pk = ''a'''`, false],
    [`(pk) = 'a' OR (x = 1)`, false],
  ])('WHERE %s fixes the partition key: %s', (where, fixes) => {
    expect(fixesPartitionKey(readStatement(`SELECT * FROM t WHERE ${where}`).where, 'pk', 'sk')).toBe(fixes);
  });

  it('no WHERE scans', () => expect(fixesPartitionKey(readStatement('SELECT * FROM t').where, 'pk')).toBe(false));
});
