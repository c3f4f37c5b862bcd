/**
 * ddb patterns policy [NAME…] — the least-privilege IAM policy of the access patterns (all of them, or those named),
 * read from their plans (src/patterns/policy.ts): the actions each sends, on the table and index ARNs it touches,
 * with dynamodb:LeadingKeys from the partition templates. Sends nothing.
 */
import { type CommandDefinition, defineCommand } from '../runtime/define.js';
import { loadSchemaFile } from '../schema/load.js';
import { DdbError } from '../errors.js';
import { streamsTailPlan } from '../patterns/plan.js';
import { selectPlans } from '../patterns/select.js';
import { type ArnPlace, buildPolicy, planNeeds } from '../patterns/policy.js';
import { type PolicyResult, policyView } from '../render/policy.js';
import type { PatternsContext } from '../runtime/patterns-context.js';

interface Input {
  names: string[];
  place: ArnPlace;
  streams: boolean;
}

export const policyCommand = (ctx: PatternsContext): CommandDefinition =>
  defineCommand({
    name: 'policy',
    description: `the least-privilege IAM policy (JSON) of the access patterns in ${ctx.shown} (default: all, declared and code): the actions each sends, on the table and index ARNs it touches, limited by dynamodb:LeadingKeys to the partition templates' fixed parts. Sends nothing`,
    configure: (cmd) =>
      cmd
        .argument('[patterns...]', 'patterns to allow (default: every pattern)')
        .option('--account <id>', 'the AWS account id in the ARNs (default: the placeholder ACCOUNT_ID)')
        .option('--partition <name>', 'the ARN partition (aws, aws-cn, aws-us-gov)', 'aws')
        .option('--streams', "also a stream consumer of every table whose stream the file turns on (`ddb streams tail`, the app's stream function): DescribeTable, and DescribeStream, GetShardIterator, GetRecords on its stream")
        .addHelpText('after', '\nThe ARNs name the region --region gives (default: the placeholder REGION).'),
    input: ([names]: [string[] | undefined], opts: { account?: string; partition: string; streams?: boolean }, _io, cmd): Input => {
      const region = cmd.optsWithGlobals().region as string | undefined;
      return { names: names ?? [], place: { partition: opts.partition, ...(region ? { region } : {}), ...(opts.account ? { account: opts.account } : {}) }, streams: Boolean(opts.streams) };
    },
    run: async ({ names, place, streams }): Promise<PolicyResult> => {
      const schema = await loadSchemaFile(ctx.file);
      const plans = selectPlans(schema, names, ctx.shown);
      if (streams) {
        const streamed = schema.tables.filter((t) => t.stream);
        if (!streamed.length) throw new DdbError('usage', `no table in ${ctx.shown} turns its stream on, so --streams has nothing to allow`, { suggestion: 'set "stream": "NEW_AND_OLD_IMAGES" on the table (and run `ddb schema-load`), or leave out --streams' });
        plans.push(...streamed.map((t) => streamsTailPlan(t.name)));
      }
      return { policy: buildPolicy(planNeeds(plans, schema), place), patterns: plans.map((p) => p.pattern), place };
    },
    view: policyView,
  });
