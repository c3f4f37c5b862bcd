/**
 * ddb patterns create-message GROUP MESSAGE --from USER — pattern C: the message and both group items in one
 * transaction, retried when a concurrent write gets there first (src/patterns/create-message.ts). [API: Query, TransactWriteItems]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { confirmAwsWrite } from '../runtime/consent.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import type { CreateMessageResult } from '../patterns/create-message.js';
import { messageText } from '../messaging/message-text.js';
import { UUID, resolveUser } from '../messaging/users.js';
import { requestsView } from '../render/requests.js';
import { type Tagged, taggedView } from '../render/view.js';
import { createdMessageView } from '../render/writes.js';

interface Input {
  group: string;
  text: string;
  from: string;
  usersDir: string;
  table: string;
  dryRun: boolean;
  yes: boolean;
  allowProd: boolean;
}

type Result = Tagged<{ written: CreateMessageResult; 'dry-run': { api: string; input: unknown }[] }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const sender = await resolveUser(input.from, input.usersDir, '--users');
  const { createMessage } = await import('../patterns/create-message.js');
  const request = { table: input.table, group: input.group, sender, senderLabel: input.from, text: input.text };
  if (input.dryRun) return { kind: 'dry-run', value: (await import('../patterns/plan.js')).createMessagePlan(request).steps };
  await confirmAwsWrite(deps, { table: input.table, what: 'a message', yes: input.yes, allowProd: input.allowProd });
  return { kind: 'written', value: await createMessage(await deps.dynamo(), request) };
};

export const command = defineCommand({
  name: 'create-message',
  description: 'add a message to a conversation and move both group items to it, in one transaction [API: Query, TransactWriteItems]',
  configure: (cmd) =>
    cmd
      .argument('<message_group_uuid>', 'the conversation (see `ddb patterns list-conversations USER`)')
      .argument('<message>', 'the text')
      .requiredOption('--from <user>', 'the sender, one of the two participants: uuid or handle')
      .option('--users <dir>', 'folder whose users.json resolves handles (default: seed/)')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--allow-prod', 'allow writing into a table in AWS (then a typed yes, or --yes)')
      .option('-y, --yes', 'with --allow-prod: do not ask')
      .option('--dry-run', 'print the Query and the TransactWriteItems as JSON (placeholders for what the Query returns) and send nothing'),
  input: ([group, text]: [string, string], opts: { from: string; users?: string; table: string; dryRun?: boolean; yes?: boolean; allowProd?: boolean }, io): Input => {
    if (!UUID.test(group)) throw new DdbError('input.invalid', `"${group}" is not a message group uuid`, { suggestion: 'see the groups of a user with `ddb patterns list-conversations andrewbrown`' });
    return {
      group: group.toLowerCase(),
      text: messageText(text),
      from: opts.from,
      usersDir: projectPath(io.cwd, opts.users ?? DEFAULT_SEED_DIR),
      table: opts.table,
      dryRun: Boolean(opts.dryRun),
      yes: Boolean(opts.yes),
      allowProd: Boolean(opts.allowProd),
    };
  },
  run,
  view: taggedView({ written: createdMessageView, 'dry-run': requestsView }),
});
