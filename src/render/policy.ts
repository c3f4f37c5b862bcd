/** `ddb patterns policy`: the policy document (JSON in every format: it is what you paste), and what it leaves open. */
import type { PolicyDocument } from '../iam/evaluate.js';
import type { ArnPlace } from '../patterns/policy.js';
import { toJson } from './json.js';
import type { View } from './view.js';

export interface PolicyResult {
  policy: PolicyDocument;
  patterns: string[];
  place: ArnPlace;
}

export const policyView: View<PolicyResult> = {
  table: (r) => `${toJson(r.policy)}\n`,
  footer: (r, style) => {
    const open = [...(r.place.region ? [] : ['REGION (pass --region)']), ...(r.place.account ? [] : ['ACCOUNT_ID (pass --account)'])];
    return [
      style.dim(`${r.policy.Statement.length} statement(s) for ${r.patterns.length} pattern(s): ${r.patterns.join(', ')}`),
      ...(open.length ? [style.dim(`the ARNs hold placeholders: ${open.join(', ')}`)] : []),
    ];
  },
  json: (r) => r.policy,
};
