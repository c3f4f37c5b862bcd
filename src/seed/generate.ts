/**
 * A generated load for `ddb seed --generate N`: N messages between the seed users over C conversations, produced
 * lazily (a generator: one item at a time, so N = 1,000,000 runs in flat memory) and deterministically — the same
 * N, C and random seed give the same items, so a re-run rewrites the same items instead of adding new ones.
 *
 * How it stays consistent without remembering anything per conversation:
 * - message i is GENERATED_END − N minutes + the sum of i random gaps of 1–59 s: strictly increasing, so every
 *   timestamp is unique (a unique sk per partition) and all lie before GENERATED_END, in the past;
 * - messages 0 … N−C−1 go to random conversations; the last C messages go one to each conversation, so each is its
 *   conversation's newest — and its two message-group items (one per participant, sk = that message's sk, the
 *   other participant's user fields) are emitted right after it.
 * A conversation's uuid and participants are derived from (random seed, N, C, conversation number), not stored.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { groupItemsFor, messageItem } from '../messaging/items.js';
import type { SeedUser } from '../messaging/users-file.js';
import type { Item } from './items.js';

/** Generated messages end here (a fixed time, so the output does not depend on the clock). */
export const GENERATED_END = Date.parse('2026-01-01T00:00:00.000Z');

export interface GenerateOptions {
  messages: number;
  conversations: number;
  randomSeed: number;
  users: readonly SeedUser[];
}

/** Default conversations for N messages: about a hundred messages each. */
export const defaultConversations = (messages: number): number => Math.max(1, Math.round(messages / 100));

type Rng = ReturnType<typeof xoroshiro128plus>;

const hex = (n: number, digits: number): string => (n >>> 0).toString(16).padStart(8, '0').slice(8 - digits);

/** A version-4-shaped uuid from four random 32-bit words. */
export const uuidFrom = (rng: Rng): string => {
  const [a, b, c, d] = [rng.next(), rng.next(), rng.next(), rng.next()];
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${hex(((c >>> 28) & 0x3) | 0x8, 1)}${hex(c, 3)}-${hex(c >>> 12, 4)}${hex(d, 8)}`;
};

/** 32-bit mix of several integers (a seed for one conversation's own generator). */
const mix = (...parts: number[]): number => {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
};

const pick = <T>(rng: Rng, list: readonly T[]): T => list[uniformInt(rng, 0, list.length - 1)] as T;

const OPENERS = ['Hey!', 'Morning.', 'Quick one:', 'So,', 'Ok,', 'Heads up:', 'Good news:', 'Hmm,', 'Back from lunch.', 'Sorry, was in a call.', '', '', ''];
const BODIES = [
  'the deploy to staging went through',
  'I pushed the fix for the pagination bug',
  'can you review my PR when you get a minute',
  'the GSI query is returning messages in the wrong order',
  'I think we should move the message groups to their own partition',
  'the load test hit 14k writes per second locally',
  'did you see the bill for last month',
  'the Cognito token expired again during the demo',
  'I renamed the table in the schema file',
  'we need a backfill for the old conversations',
  'the frontend is still polling every two seconds',
  'I added a retry with jitter around the batch writes',
  'the CSV export opened fine in the spreadsheet',
  'are we still on for the bootcamp stream tonight',
  'the seed data needs a few more users',
  'I moved the sort key to ISO timestamps with milliseconds',
  'the container image is down to 180 MB',
  'the health check keeps flapping on the load balancer',
  'my laptop fan sounds like a jet engine running DynamoDB Local',
  'I wrote the runbook for the migration',
];
const CLOSERS = ['Thoughts?', 'Let me know.', 'No rush.', 'Ping me after.', 'Thanks!', '🙏', 'lol', 'Will check tomorrow.', '', '', ''];

const sentence = (text: string): string => (text ? `${text[0]?.toUpperCase()}${text.slice(1)}.` : '');

export const randomMessageText = (rng: Rng): string => {
  const body = pick(rng, BODIES);
  const opener = pick(rng, OPENERS);
  const second = uniformInt(rng, 0, 3) === 0 ? ` ${sentence(pick(rng, BODIES))}` : '';
  const text = `${opener ? `${opener} ` : ''}${opener.endsWith(':') || opener.endsWith(',') ? `${body}.` : sentence(body)}${second} ${pick(rng, CLOSERS)}`;
  return text.trim();
};

interface Conversation {
  uuid: string;
  a: SeedUser;
  b: SeedUser;
}

const conversationOf = (opts: GenerateOptions, c: number): Conversation => {
  const rng = xoroshiro128plus(mix(opts.randomSeed, opts.messages, opts.conversations, c));
  const users = opts.users;
  const i = uniformInt(rng, 0, users.length - 1);
  let j = uniformInt(rng, 0, users.length - 2);
  if (j >= i) j++;
  return { uuid: uuidFrom(rng), a: users[i] as SeedUser, b: users[j] as SeedUser };
};

export function* generateItems(opts: GenerateOptions): Generator<Item> {
  const { messages: n, conversations: count } = opts;
  const rng = xoroshiro128plus(mix(opts.randomSeed, n, count));
  let at = GENERATED_END - n * 60_000;
  for (let i = 0; i < n; i++) {
    at += uniformInt(rng, 1_000, 59_999);
    const newest = i >= n - count;
    const conv = conversationOf(opts, newest ? i - (n - count) : uniformInt(rng, 0, count - 1));
    const sender = uniformInt(rng, 0, 1) === 0 ? conv.a : conv.b;
    const text = randomMessageText(rng); // (before the uuid: the order the generator draws in is the output)
    const message = messageItem(conv.uuid, new Date(at).toISOString(), uuidFrom(rng), text, sender);
    yield message;
    if (newest) yield* groupItemsFor(conv.uuid, conv.a, conv.b, message);
  }
}
