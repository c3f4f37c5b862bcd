/** The Query and Scan requests of ddb query and scan, pure: sort key conditions, placeholders, the filter grammar (no engine). */
import { describe, expect, it } from 'vitest';
import { parseFilter, parseProjection, Placeholders, filterExpression } from '../src/requests/expressions.js';
import { parseSortCondition, queryRequest, scanExtras } from '../src/requests/range-requests.js';

describe('query requests and the filter grammar (pure)', () => {
  it('sort key conditions', () => {
    expect(parseSortCondition('begins_with ORDER#2025')).toEqual({ op: 'begins_with', value: 'ORDER#2025' });
    expect(parseSortCondition('between A and B')).toEqual({ op: 'between', low: 'A', high: 'B' });
    expect(parseSortCondition('BETWEEN "a and b" and "c d"')).toEqual({ op: 'between', low: 'a and b', high: 'c d' });
    expect(parseSortCondition('>= 10')).toEqual({ op: '>=', value: '10' });
    expect(parseSortCondition('<X')).toEqual({ op: '<', value: 'X' });
    expect(parseSortCondition('= "two words"')).toEqual({ op: '=', value: 'two words' });
    expect(() => parseSortCondition('like X')).toThrow('--sk "like X" is not a sort key condition');
    expect(() => parseSortCondition('between A')).toThrow('write "between LOW and HIGH"');
  });

  it('a Query with placeholders for every name and value, values of the key types', () => {
    const shape = { table: 't', index: 'by-n', partition: { name: 'status', type: 'S' as const }, sort: { name: 'n', type: 'N' as const } };
    expect(
      queryRequest({ shape, partition: 'open', sort: parseSortCondition('between 1 and 20'), desc: true, filter: parseFilter('name <> "x" and attribute_exists(a.b)'), projection: parseProjection('name,a.b') }),
    ).toEqual({
      TableName: 't',
      IndexName: 'by-n',
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      FilterExpression: '#n2 <> :v3 AND attribute_exists(#n3.#n4)',
      ProjectionExpression: '#n2, #n3.#n4',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'n', '#n2': 'name', '#n3': 'a', '#n4': 'b' },
      ExpressionAttributeValues: { ':v0': 'open', ':v1': 1, ':v2': 20, ':v3': 'x' },
      ScanIndexForward: false,
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(() => queryRequest({ shape, partition: 'open', sort: parseSortCondition('>= ten') })).toThrow('key n (N, number) of t (index by-n): "ten" is not a number');
    expect(() => queryRequest({ shape, partition: 'open', sort: parseSortCondition('begins_with 1') })).toThrow('--sk begins_with: the sort key n (N, number) is a number');
    expect(() => queryRequest({ shape: { table: 't', partition: shape.partition }, partition: 'x', sort: parseSortCondition('= 1') })).toThrow('t has no sort key: --sk cannot be used');
  });

  it('filters: comparisons, functions, values as JSON or bare words, joined by and', () => {
    const ph = new Placeholders();
    expect(filterExpression(parseFilter('status = shipped AND total >= 100 and begins_with(sku, "BK-") and contains(tags, red) and attribute_not_exists(deleted) and vip = true and note = "a b"'), ph)).toBe(
      '#n0 = :v0 AND #n1 >= :v1 AND begins_with(#n2, :v2) AND contains(#n3, :v3) AND attribute_not_exists(#n4) AND #n5 = :v4 AND #n6 = :v5',
    );
    expect(ph.values).toEqual({ ':v0': 'shipped', ':v1': 100, ':v2': 'BK-', ':v3': 'red', ':v4': true, ':v5': 'a b' });
    expect(filterExpression(parseFilter('n="42"'), new Placeholders())).toBe('#n0 = :v0');
    expect(parseFilter('n="42"')).toEqual([{ kind: 'compare', path: [{ name: 'n' }], op: '=', value: '42' }]);
    expect(scanExtras({ index: 'g', filter: parseFilter('x<>1'), count: true })).toEqual({
      IndexName: 'g',
      FilterExpression: '#n0 <> :v0',
      ExpressionAttributeNames: { '#n0': 'x' },
      ExpressionAttributeValues: { ':v0': 1 },
      Select: 'COUNT',
    });
  });

  it.each([
    ['status = shipped or total > 1', '"or" is not supported'],
    ['not status = shipped', '"not" is not supported'],
    ['status shipped', 'expected one of = <> < <= > >= after "status" at "shipped"'],
    ['status =', 'expected a value at the end'],
    ['size(tags) > 2', 'unknown function "size"'],
    ['begins_with(sku "BK")', 'expected ","'],
    ['a = 1 b = 2', 'expected "and" between conditions at "b = 2"'],
    ['note = "open', 'a string that does not end'],
    ['', 'empty filter'],
  ])('--filter %j is one line: %s', (text, message) => {
    expect(() => parseFilter(text)).toThrow(message);
  });
});
