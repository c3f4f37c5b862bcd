/**
 * ddb patterns create-conversation FROM TO MESSAGE — pattern D: a new message group with its first message, or the
 * message added to the conversation the two users already have (src/patterns/create-conversation.ts).
 * [API: Query, TransactWriteItems]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { confirmAwsWrite } from '../runtime/consent.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import type { CreateConversationResult } from '../patterns/create-conversation.js';
import { messageText } from '../messaging/message-text.js';
import { resolveKnownUser } from '../messaging/users.js';
import { requestsView } from '../render/requests.js';
import { type Tagged, taggedView } from '../render/view.js';
import { createdConversationView } from '../render/writes.js';

interface Input {
  from: string;
  to: string;
  text: string;
  usersDir: string;
  table: string;
  dryRun: boolean;
  yes: boolean;
  allowProd: boolean;
}

type Result = Tagged<{ written: CreateConversationResult; 'dry-run': { api: string; input: unknown }[] }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const from = await resolveKnownUser(input.from, input.usersDir, '--users');
  const to = await resolveKnownUser(input.to, input.usersDir, '--users');
  if (from.uuid === to.uuid) throw new DdbError('input.invalid', `${input.from} and ${input.to} are the same user (${from.uuid})`, { suggestion: 'a conversation is between two different users' });
  const { createConversation } = await import('../patterns/create-conversation.js');
  const request = { table: input.table, from, to, text: input.text };
  if (input.dryRun) return { kind: 'dry-run', value: (await import('../patterns/plan.js')).createConversationPlan(request).steps };
  await confirmAwsWrite(deps, { table: input.table, what: 'a conversation', yes: input.yes, allowProd: input.allowProd });
  return { kind: 'written', value: await createConversation(await deps.dynamo(), request) };
};

export const command = defineCommand({
  name: 'create-conversation',
  description: "start a conversation between two users with its first message (or add the message to the one they have) [API: Query, TransactWriteItems]",
  configure: (cmd) =>
    cmd
      .argument('<from_user>', 'the sender: uuid or handle (in users.json)')
      .argument('<to_user>', 'the other user: uuid or handle (in users.json)')
      .argument('<message>', 'the first message')
      .option('--users <dir>', 'folder whose users.json names the users (default: seed/)')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--allow-prod', 'allow writing into a table in AWS (then a typed yes, or --yes)')
      .option('-y, --yes', 'with --allow-prod: do not ask')
      .option('--dry-run', 'print the Query and the TransactWriteItems as JSON (placeholders for the new uuids and the time) and send nothing'),
  input: ([from, to, text]: [string, string, string], opts: { users?: string; table: string; dryRun?: boolean; yes?: boolean; allowProd?: boolean }, io): Input => ({
    from,
    to,
    text: messageText(text),
    usersDir: projectPath(io.cwd, opts.users ?? DEFAULT_SEED_DIR),
    table: opts.table,
    dryRun: Boolean(opts.dryRun),
    yes: Boolean(opts.yes),
    allowProd: Boolean(opts.allowProd),
  }),
  run,
  view: taggedView({ written: createdConversationView, 'dry-run': requestsView }),
});
