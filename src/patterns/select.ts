/** The plans of the patterns named on the command line (all when none is named); an unknown name is one line, exit 2. */
import { DdbError } from '../errors.js';
import type { SchemaFile } from '../schema/format.js';
import { allPlans, type PatternPlan } from './plan.js';

export const selectPlans = (schema: SchemaFile, names: readonly string[], file: string): PatternPlan[] => {
  const plans = allPlans(schema);
  const unknown = names.filter((n) => !plans.some((p) => p.pattern === n));
  if (unknown.length) throw new DdbError('usage', `no pattern ${unknown.map((n) => `"${n}"`).join(', ')} in ${file}`, { suggestion: `the patterns are: ${plans.map((p) => p.pattern).join(', ')}` });
  return names.length ? plans.filter((p) => names.includes(p.pattern)) : plans;
};
