/**
 * ddb patterns create-conversation FROM TO MESSAGE — pattern D: a new message group with its first message, or the
 * message added to the conversation the two users already have (src/patterns/create-conversation.ts).
 * [API: Query, TransactWriteItems]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import type { CreateConversationResult } from '../patterns/create-conversation.js';
import { messageText } from '../messaging/message-text.js';
import { resolveKnownUser } from '../messaging/users.js';
import { runWrite, type WriteInput, type WriteOptions, type WriteResult, writeInput, writeOptions } from '../runtime/messaging-write.js';
import { dryRunView } from '../render/dry-run.js';
import { taggedView } from '../render/view.js';
import { createdConversationView } from '../render/writes.js';

interface Input extends WriteInput {
  from: string;
  to: string;
  text: string;
}

export const run = async (input: Input, deps: Deps): Promise<WriteResult<CreateConversationResult>> => {
  const from = await resolveKnownUser(input.from, input.usersDir, '--users');
  const to = await resolveKnownUser(input.to, input.usersDir, '--users');
  if (from.uuid === to.uuid) throw new DdbError('input.invalid', `${input.from} and ${input.to} are the same user (${from.uuid})`, { suggestion: 'a conversation is between two different users' });
  const { createConversation } = await import('../patterns/create-conversation.js');
  const request = { table: input.table, from, to, text: input.text };
  return runWrite(
    input,
    deps,
    'a conversation',
    async () => (await import('../patterns/plan.js')).createConversationPlan(request).steps,
    async () => createConversation(await deps.dynamo(), request),
  );
};

export const command = defineCommand({
  name: 'create-conversation',
  description: "start a conversation between two users with its first message (or add the message to the one they have) [API: Query, TransactWriteItems]",
  configure: (cmd) =>
    writeOptions(
      cmd
        .argument('<from_user>', 'the sender: uuid or handle (in users.json)')
        .argument('<to_user>', 'the other user: uuid or handle (in users.json)')
        .argument('<message>', 'the first message'),
      {
        users: 'folder whose users.json names the users (default: seed/)',
        dryRun: 'print the requests it would send — the Query, the TransactWriteItems (placeholders for the new uuids and the time) — and send nothing',
      },
    ),
  input: ([from, to, text]: [string, string, string], opts: WriteOptions, io): Input => ({ from, to, text: messageText(text), ...writeInput(opts, io.cwd) }),
  run,
  view: taggedView({ written: createdConversationView, 'dry-run': dryRunView }),
});
