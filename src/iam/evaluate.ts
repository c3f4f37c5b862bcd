/**
 * Enough of IAM's evaluation of an identity policy to judge a DynamoDB policy against the requests of the access
 * patterns (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit
 * Deny wins, else an Allow whose Action, Resource and Condition all match, else denied. Action and Resource take `*`
 * and `?` wildcards (actions ignore case); conditions: StringEquals, StringLike, StringNotEquals, StringNotLike, with
 * ForAllValues:/ForAnyValue:, on dynamodb:LeadingKeys, dynamodb:Attributes and dynamodb:Select. Anything else
 * (NotAction, NotResource, another condition key or operator, a policy variable such as ${aws:userid}) is not
 * evaluated: such a statement is reported (`unevaluated`) and never counted as allowing.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

/** One request as IAM sees it: the action, the resource's ARN, and DynamoDB's condition keys. */
export interface IamRequest {
  action: string;
  resource: string;
  /** the partition key values the request addresses (a template such as MSG#{group} stands for every such value) */
  leadingKeys?: string[];
  attributes?: string[];
  select?: string;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const glob = (pattern: string, flags = ''): RegExp => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);

export const actionMatches = (pattern: string, action: string): boolean => glob(pattern, 'i').test(action);

/**
 * A resource pattern against an ARN. `anyPlace`: the ARN's region and account are not known (no --region/--account),
 * so a pattern naming any region and account matches.
 */
export const resourceMatches = (pattern: string, arn: string, anyPlace = false): boolean => {
  if (!anyPlace) return glob(pattern).test(arn);
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return glob(pattern).test(arn);
  return glob([p[0], p[1], p[2], '*', '*', p.slice(5).join(':')].join(':')).test([a[0], a[1], a[2], 'x', 'x', a.slice(5).join(':')].join(':'));
};

const CONDITION_KEYS: Record<string, (r: IamRequest) => string[] | undefined> = {
  'dynamodb:leadingkeys': (r) => r.leadingKeys,
  'dynamodb:attributes': (r) => r.attributes,
  'dynamodb:select': (r) => (r.select === undefined ? undefined : [r.select]),
};
const OPERATORS = ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'] as const;

/** Why a statement cannot be evaluated here, if it cannot. */
export const unevaluated = (s: PolicyStatement): string | undefined => {
  if (s.NotAction !== undefined) return 'NotAction';
  if (s.NotResource !== undefined) return 'NotResource';
  if (s.Action === undefined || s.Resource === undefined) return 'no Action or no Resource';
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    const base = op.replace(/^(ForAllValues|ForAnyValue):/, '');
    if (!(OPERATORS as readonly string[]).includes(base)) return `the condition operator ${op}`;
    for (const [key, values] of Object.entries(keys)) {
      if (!CONDITION_KEYS[key.toLowerCase()]) return `the condition key ${key}`;
      if (list(values).some((v) => v.includes('${'))) return `a policy variable in ${key}`;
    }
  }
  return undefined;
};

const conditionHolds = (op: string, key: string, policyValues: string[], request: IamRequest): boolean => {
  const [, qualifier, base] = /^(?:(ForAllValues|ForAnyValue):)?(.*)$/.exec(op)!;
  const values = CONDITION_KEYS[key.toLowerCase()]!(request);
  const like = base === 'StringLike' || base === 'StringNotLike';
  const negated = base === 'StringNotEquals' || base === 'StringNotLike';
  const matchesOne = (v: string) => policyValues.some((p) => (like ? glob(p).test(v) : p === v));
  const holds = (v: string) => (negated ? !matchesOne(v) : matchesOne(v));
  if (qualifier === 'ForAllValues') return (values ?? []).every(holds); // true for a request without the key, as in IAM
  if (values === undefined || values.length === 0) return negated;
  return values.some(holds);
};

/** Whether a statement's Action, Resource and Condition all match the request (undefined: not evaluated). */
const statementMatches = (s: PolicyStatement, r: IamRequest, anyPlace = false): boolean | undefined => {
  if (unevaluated(s)) return undefined;
  if (!list(s.Action).some((a) => actionMatches(a, r.action))) return false;
  if (!list(s.Resource).some((p) => resourceMatches(p, r.resource, anyPlace))) return false;
  return Object.entries(s.Condition ?? {}).every(([op, keys]) => Object.entries(keys).every(([key, values]) => conditionHolds(op, key, list(values), r)));
};

export interface Decision {
  allowed: boolean;
  /** the statement that decided (the first Allow that matched, or the Deny) */
  by?: PolicyStatement;
}

export const evaluate = (policy: PolicyDocument, r: IamRequest, anyPlace = false): Decision => {
  const deny = policy.Statement.find((s) => s.Effect === 'Deny' && statementMatches(s, r, anyPlace));
  if (deny) return { allowed: false, by: deny };
  const allow = policy.Statement.find((s) => s.Effect === 'Allow' && statementMatches(s, r, anyPlace));
  return allow ? { allowed: true, by: allow } : { allowed: false };
};

export const actionsOf = (s: PolicyStatement): string[] => list(s.Action);
export const resourcesOf = (s: PolicyStatement): string[] => list(s.Resource);
