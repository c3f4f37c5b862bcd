/**
 * A declared pattern's params from the command line, by their type: a uuid is checked (and lower-cased), a timestamp
 * parsed and written canonically (src/time.ts), a number must be one; a user (a uuid or a handle) is resolved through
 * users.json when the pattern runs (resolveParamUsers), since that reads a file.
 */
import { DdbError } from '../errors.js';
import type { ParamType } from '../schema/format.js';
import { canonicalTimestamp, parseTimestamp } from '../time.js';
import type { ParamSpec, ParamValue } from './declared.js';
import { UUID, resolveUser } from '../messaging/users.js';
import { numberProblem } from '../values/number.js';
import { plainNumber } from '../values/exact-number.js';

/** `label` names the value as the user wrote it: `group` for an argument, `--since` for an option. */
export const parseParam = (type: ParamType, text: string, label: string): ParamValue => {
  switch (type) {
    case 'uuid':
      if (!UUID.test(text)) throw new DdbError('input.invalid', `${label} "${text}" is not a uuid`, { suggestion: 'pass a uuid such as 5f12e71c-7f93-4344-8c70-1a94a666713f' });
      return text.toLowerCase();
    case 'timestamp': {
      const date = parseTimestamp(text);
      if (!date) throw new DdbError('input.invalid', `${label} "${text}" is not an ISO 8601 timestamp`, { suggestion: 'use e.g. 2026-11-01 or 2026-11-01T10:00:00Z' });
      return canonicalTimestamp(date);
    }
    case 'number': {
      const problem = numberProblem(text.trim());
      if (problem) throw new DdbError('input.invalid', `${label} "${text}" ${problem}`, { suggestion: 'pass a number such as 42 or 1.5 (DynamoDB keeps 38 significant digits)' });
      return plainNumber(text.trim()); // every digit kept
    }
    case 'string':
    case 'user':
      return text;
  }
};

/** The values with every `user` param turned into its uuid (a handle looked up in `usersDir`/users.json). */
export const resolveParamUsers = async (specs: readonly ParamSpec[], values: Readonly<Record<string, ParamValue | undefined>>, usersDir: string): Promise<Record<string, ParamValue | undefined>> => {
  const out = { ...values };
  for (const spec of specs) {
    const value = out[spec.name];
    if (spec.type === 'user' && value !== undefined) out[spec.name] = (await resolveUser(String(value), usersDir, '--users')).uuid;
  }
  return out;
};
