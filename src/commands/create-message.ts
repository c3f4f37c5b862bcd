/**
 * ddb patterns create-message GROUP MESSAGE --from USER — pattern C: the message and both group items in one
 * transaction, retried when a concurrent write gets there first (src/patterns/create-message.ts). [API: Query, TransactWriteItems]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import type { CreateMessageResult } from '../patterns/create-message.js';
import { messageText } from '../messaging/message-text.js';
import { UUID, resolveUser } from '../messaging/users.js';
import { runWrite, type WriteInput, type WriteOptions, type WriteResult, writeInput, writeOptions } from '../runtime/messaging-write.js';
import { dryRunView } from '../render/dry-run.js';
import { taggedView } from '../render/view.js';
import { createdMessageView } from '../render/writes.js';

interface Input extends WriteInput {
  group: string;
  text: string;
  from: string;
}

export const run = async (input: Input, deps: Deps): Promise<WriteResult<CreateMessageResult>> => {
  const sender = await resolveUser(input.from, input.usersDir, '--users');
  const { createMessage } = await import('../patterns/create-message.js');
  const request = { table: input.table, group: input.group, sender, senderLabel: input.from, text: input.text };
  return runWrite(
    input,
    deps,
    'a message',
    async () => (await import('../patterns/plan.js')).createMessagePlan(request).steps,
    async () => createMessage(await deps.dynamo(), request),
  );
};

export const command = defineCommand({
  name: 'create-message',
  description: 'add a message to a conversation and move both group items to it, in one transaction [API: Query, TransactWriteItems]',
  configure: (cmd) =>
    writeOptions(
      cmd
        .argument('<message_group_uuid>', 'the conversation (see `ddb patterns list-conversations USER`)')
        .argument('<message>', 'the text')
        .requiredOption('--from <user>', 'the sender, one of the two participants: uuid or handle'),
      {
        users: 'folder whose users.json resolves handles (default: seed/)',
        dryRun: 'print the requests it would send — the Query, the TransactWriteItems (placeholders for what the Query returns) — and send nothing',
      },
    ),
  input: ([group, text]: [string, string], opts: WriteOptions & { from: string }, io): Input => {
    if (!UUID.test(group)) throw new DdbError('input.invalid', `"${group}" is not a message group uuid`, { suggestion: 'see the groups of a user with `ddb patterns list-conversations andrewbrown`' });
    return { group: group.toLowerCase(), text: messageText(text), from: opts.from, ...writeInput(opts, io.cwd) };
  },
  run,
  view: taggedView({ written: createdMessageView, 'dry-run': dryRunView }),
});
