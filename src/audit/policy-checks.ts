/**
 * `ddb audit --policy FILE`: an IAM policy you have against what the access patterns need (their plans, read as IAM
 * sees them: src/patterns/policy.ts). Pure: the policy and the needs in, one row per finding out.
 *
 * - fail: a request a pattern sends that the policy does not allow (the call fails with AccessDenied);
 * - warn: what the policy allows beyond the patterns — every DynamoDB action (`dynamodb:*`, `*`), every table (`*`
 *   resources), actions no pattern sends, tables and indexes no pattern touches, an action left without
 *   dynamodb:LeadingKeys where every request of it has a fixed partition key prefix;
 * - skip: a statement this check cannot evaluate (NotAction, other condition keys, policy variables).
 */
import { actionMatches, actionsOf, evaluate, type PolicyDocument, type PolicyStatement, resourceMatches, resourcesOf, unevaluated } from '../iam/evaluate.js';
import { type ArnPlace, type Need, needArn, needRequest } from '../patterns/policy.js';
import type { CheckResult } from './checks.js';

/** The DynamoDB actions a wildcard can grant that matter here (data and table actions). */
const DYNAMODB_ACTIONS = [
  'BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PartiQLDelete', 'PartiQLInsert', 'PartiQLSelect', 'PartiQLUpdate',
  'PutItem', 'Query', 'Scan', 'UpdateItem', 'CreateTable', 'DeleteTable', 'UpdateTable', 'DescribeTable', 'ListTables', 'CreateBackup', 'RestoreTableFromBackup',
  'ExportTableToPointInTime', 'ImportTable', 'UpdateTimeToLive', 'TagResource', 'UntagResource', 'GetRecords', 'GetShardIterator', 'DescribeStream', 'ListStreams',
].map((a) => `dynamodb:${a}`);

const statementName = (s: PolicyStatement, i: number): string => (s.Sid ? `statement ${s.Sid}` : `statement ${i + 1}`);
const short = (action: string) => action.replace(/^dynamodb:/, '');
const leadingKeysOf = (s: PolicyStatement): string[] | undefined => {
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) if (key.toLowerCase() === 'dynamodb:leadingkeys' && op.includes('Like')) return Array.isArray(values) ? values : [values];
  }
  return undefined;
};
const row = (table: string, check: string, status: CheckResult['status'], detail: string, fix = ''): CheckResult => ({ table, check, status, detail, fix });

export const auditPolicy = (policy: PolicyDocument, needs: readonly Need[], place: ArnPlace, file: string): CheckResult[] => {
  const anyPlace = !place.region || !place.account;
  const results: CheckResult[] = [];

  // What the patterns need and the policy does not allow: fail, with the statement that would allow it.
  const missing = new Map<string, { needs: Need[] }>();
  for (const n of needs) {
    if (evaluate(policy, needRequest(n, place), anyPlace).allowed) continue;
    const key = `${n.action} ${needArn(n, place)}`;
    missing.set(key, { needs: [...(missing.get(key)?.needs ?? []), n] });
  }
  for (const { needs: ns } of missing.values()) {
    const n = ns[0]!;
    const where = n.index ? `index ${n.index} of ${n.table}` : `table ${n.table}`;
    const keys = [...new Set(ns.map((x) => x.leadingKey).filter(Boolean))].join(', ');
    const patterns = [...new Set(ns.map((x) => x.pattern))].join(', ');
    const prefixes = [...new Set(ns.map((x) => x.prefix))];
    const limit = prefixes.every((p) => p !== '') ? ` for dynamodb:LeadingKeys ${prefixes.map((p) => `${p}*`).join(', ')}` : '';
    results.push(
      row(n.table, 'policy-needs', 'fail', `${patterns} send${patterns.includes(',') ? '' : 's'} ${short(n.action)} on ${where}${keys ? ` (partition key ${keys})` : ''}${ns.every((x) => x.when) ? ` when ${ns[0]!.when}` : ''}: not allowed`,
        `allow ${n.action} on ${needArn(n, place)}${limit} (\`ddb patterns policy\` prints the statement)`),
    );
  }
  if (!missing.size) results.push(row(file, 'policy-needs', 'pass', `allows every request of the ${new Set(needs.map((n) => n.pattern)).size} pattern(s) (${needs.length} requests in their plans)`));

  // What the policy allows beyond the patterns: warn.
  policy.Statement.forEach((s, i) => {
    const name = statementName(s, i);
    const why = unevaluated(s);
    if (why) {
      results.push(row(file, 'policy-beyond', 'skip', `${name}: ${why} is not evaluated by ddb (not counted as allowing anything)`));
      return;
    }
    if (s.Effect !== 'Allow') return;
    const actions = actionsOf(s);
    const resources = resourcesOf(s);
    const granted = DYNAMODB_ACTIONS.filter((a) => actions.some((p) => actionMatches(p, a)));
    const needed = [...new Set(needs.map((n) => n.action))];
    if (actions.some((a) => a === '*' || /^dynamodb:\*$/i.test(a))) {
      results.push(row(file, 'policy-beyond', 'warn', `${name} allows every DynamoDB action (${actions.join(', ')}), DeleteTable and Scan included`, `allow only ${needed.map(short).join(', ')}: \`ddb patterns policy\``));
    } else {
      const extra = granted.filter((a) => !needed.includes(a));
      if (extra.length) results.push(row(file, 'policy-beyond', 'warn', `${name} allows ${extra.map(short).join(', ')}, which no pattern sends`, `remove ${extra.map(short).join(', ')} from it`));
    }
    if (resources.some((r) => r === '*' || /:table\/\*$/.test(r) || /^arn:[^:]*:dynamodb:[^:]*:[^:]*:\*$/.test(r))) {
      results.push(row(file, 'policy-beyond', 'warn', `${name} allows ${resources.join(', ')}: every table`, `name the tables and indexes the patterns touch: ${[...new Set(needs.map((n) => needArn(n, place)))].join(', ')}`));
    } else {
      for (const r of resources) {
        const used = needs.filter((n) => resourceMatches(r, needArn(n, place), anyPlace));
        if (!used.length) {
          results.push(row(file, 'policy-beyond', 'warn', `${name} allows ${r}, which no pattern touches`, `remove ${r} from it`));
          continue;
        }
        const unused = granted.filter((a) => needed.includes(a) && !used.some((n) => n.action === a));
        if (unused.length) results.push(row(used[0]!.table, 'policy-beyond', 'warn', `${name} allows ${unused.map(short).join(', ')} on ${r}, where no pattern sends ${unused.length > 1 ? 'them' : 'it'}`, `allow ${unused.map(short).join(', ')} only on the resources that need ${unused.length > 1 ? 'them' : 'it'}`));
      }
    }
    // Limitable: every request the statement serves has a fixed partition key prefix, and it sets no LeadingKeys.
    if (!leadingKeysOf(s)) {
      const served = needs.filter((n) => actions.some((a) => actionMatches(a, n.action)) && resources.some((r) => resourceMatches(r, needArn(n, place), anyPlace)));
      // per action and resource: limitable when every request of it has a fixed partition key prefix
      const groups = new Map<string, Need[]>();
      for (const n of served) groups.set(`${n.action} ${needArn(n, place)}`, [...(groups.get(`${n.action} ${needArn(n, place)}`) ?? []), n]);
      const limitable = [...groups.values()].filter((g) => g.every((n) => n.prefix !== '')).flat();
      const byAction = [...new Set(limitable.map((n) => n.action))];
      if (byAction.length) {
        const prefixes = [...new Set(limitable.map((n) => `${n.prefix}*`))].sort();
        results.push(
          row(served[0]!.table, 'policy-beyond', 'warn', `${name} sets no dynamodb:LeadingKeys: ${byAction.map(short).join(', ')} reach every item, though the patterns address only ${prefixes.join(', ')}`, `add "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ${JSON.stringify(prefixes)}}} (for the actions that share those prefixes; \`ddb patterns policy\` splits them)`),
        );
      }
    }
  });
  return results;
};
