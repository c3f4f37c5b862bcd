/**
 * The conversation view of the messaging table: pick a user, see their conversations (list-conversations), open one
 * as a chat, oldest first (get-conversation reads the newest page; "Load earlier" reads the page before it), and send
 * a message through create-message.
 */
import { api, enc } from './api.js';
import { errorLine, fill, go, h, route } from './dom.js';
import { runPattern } from './patterns.js';
import type { AttributeValue, Item } from './values.js';

interface User {
  uuid: string;
  handle: string;
  display_name: string;
}

const s = (v: AttributeValue | undefined): string => (v && typeof v.S === 'string' ? v.S : v ? JSON.stringify(v) : '');

const when = (sk: string): string => {
  const d = new Date(sk);
  return Number.isNaN(d.getTime()) ? sk : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

const messageRow = (m: Item, me: string): HTMLElement =>
  h('li', { class: s(m.user_uuid) === me ? 'message mine' : 'message' }, h('span', { class: 'from' }, `@${s(m.user_handle)}`), ' ', h('span', { class: 'when' }, when(s(m.sk))), h('div', { class: 'text' }, s(m.message)));

export const conversationsPage = async (params: URLSearchParams): Promise<HTMLElement> => {
  let users: User[] = [];
  try {
    users = await api<User[]>('/api/users');
  } catch {
    /* no users.json: the user is typed in */
  }
  const userParam = params.get('user') ?? users[0]?.handle ?? '';
  const group = params.get('group') ?? '';
  const me = users.find((u) => u.handle === userParam.replace(/^@/, '') || u.uuid === userParam);

  const picker = h('form', { id: 'who' }, h('label', {}, 'as user ', h('input', { name: 'user', value: userParam, list: 'users' })), h('datalist', { id: 'users' }, users.map((u) => h('option', { value: u.handle }, u.display_name))), h('button', { type: 'submit' }, 'Show'));
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    go(route('conversations', { user: String(new FormData(picker).get('user') ?? '') }));
  });

  const list = h('ul', { class: 'groups', id: 'groups' });
  const chat = h('div', { class: 'chat', id: 'chat' });
  const root = h('section', { class: 'conversations' }, h('h1', {}, 'Conversations'), picker, h('div', { class: 'split' }, h('nav', {}, list), chat));
  if (!userParam) return fill(list, h('li', {}, 'Type a user (uuid or handle).')), root;

  try {
    const groups = await runPattern('list-conversations', { user: userParam });
    fill(
      list,
      groups.items.length
        ? groups.items.map((g) =>
            h('li', { class: s(g.message_group_uuid) === group ? 'open' : '' }, h('a', { href: route('conversations', { user: userParam, group: s(g.message_group_uuid) }) }, h('strong', {}, `@${s(g.user_handle)}`), ' ', h('span', { class: 'when' }, when(s(g.sk))), h('div', { class: 'text' }, s(g.message)))),
          )
        : h('li', {}, 'No conversations.'),
    );
  } catch (error) {
    fill(list, h('li', {}, errorLine(error)));
  }
  if (!group) return fill(chat, h('p', { class: 'note' }, 'Pick a conversation.')), root;

  const myUuid = me?.uuid ?? userParam;
  const messages = h('ol', { class: 'messages', id: 'messages' });
  const earlier = h('button', { type: 'button', id: 'earlier' }, 'Load earlier');
  let older: string | undefined;
  const loadEarlier = async (): Promise<void> => {
    const page = await runPattern('get-conversation', { group }, older ? { token: older } : {});
    older = page.nextToken ?? undefined;
    messages.prepend(...page.items.map((m) => messageRow(m, myUuid)));
    earlier.hidden = !older;
  };
  earlier.addEventListener('click', () => void loadEarlier().catch((error) => chat.prepend(errorLine(error))));
  const box = h('textarea', { id: 'compose', rows: 2, placeholder: `message as @${me?.handle ?? userParam}`, required: true });
  const status = h('div', {});
  const send = h('form', { id: 'send' }, box, h('button', { type: 'submit' }, 'Send'), status);
  send.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/conversations/${enc(group)}/messages`, { method: 'POST', body: { from: userParam, text: box.value } });
      // the view again from the newest page, and the list (the group moved to the top)
      go(location.hash);
    } catch (error) {
      fill(status, errorLine(error));
    }
  });
  fill(chat, earlier, messages, send);
  try {
    await loadEarlier();
    // the newest message in view, as in any chat (once the page is on screen)
    requestAnimationFrame(() => (messages.scrollTop = messages.scrollHeight));
  } catch (error) {
    fill(chat, errorLine(error));
  }
  return root;
};
