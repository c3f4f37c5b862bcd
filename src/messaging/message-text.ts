/** The text of a message as given on the command line (create-message, create-conversation): pure, no I/O. */
import { DdbError } from '../errors.js';

/** A message is text with something in it (DynamoDB itself refuses what is too large: exit 2). */
export const messageText = (text: string): string => {
  if (!text.trim()) throw new DdbError('input.invalid', 'the message is empty', { suggestion: 'pass the text as one argument, e.g. "see you at 10"' });
  return text;
};
