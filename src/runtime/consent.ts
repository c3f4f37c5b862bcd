/**
 * Consent for writes into AWS that a developer would not expect to reach production (seed data): refused without
 * --allow-prod; then a typed "yes" on a terminal naming the table, region and account, or --yes in a script.
 * Local engines need none.
 */
import { DdbError } from '../errors.js';
import type { Deps } from './session.js';

export const confirmAwsWrite = async (deps: Deps, opts: { table: string; what: string; yes: boolean; allowProd: boolean }): Promise<void> => {
  if (deps.target.kind !== 'aws') return;
  if (!opts.allowProd) {
    throw new DdbError('safety.refused', `refusing to write ${opts.what} into ${opts.table} in AWS`, { suggestion: 'add --allow-prod if you really mean to write it there (a local engine needs none)' });
  }
  if (opts.yes) return;
  const db = await deps.dynamo();
  if (!deps.prompt.available) {
    throw new DdbError('safety.refused', `refusing to write ${opts.what} into ${opts.table} in AWS without confirmation (not a terminal)`, { suggestion: 'pass --yes with --allow-prod to do it from a script' });
  }
  // The table's ARN names the account (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME): no STS call needed.
  const account = (await db.describeTable(opts.table))?.TableArn?.split(':')[4];
  const answer = await deps.prompt.ask(`Write ${opts.what} into ${opts.table} in AWS ${db.region}${account ? ` (account ${account})` : ''}? Type "yes" to continue: `);
  if (answer !== 'yes') throw new DdbError('safety.refused', 'nothing written: the answer was not "yes"');
};
