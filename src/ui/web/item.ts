/**
 * An item's page: its attributes with their DynamoDB types, keys first; edit it as DynamoDB JSON and save it as one
 * conditional write (refused, and said so, when the item changed since this page loaded it); delete it after a
 * confirmation; copy it as `ddb get` / `ddb put` commands.
 */
import { api, enc } from './api.js';
import { errorLine, fill, h, route } from './dom.js';
import { type Item, typeOf, valueText } from './values.js';

interface ItemAnswer {
  item: Item;
  keyNames: string[];
  commands: { get: string; put: string };
  readOnly: boolean;
}

const copyBox = (label: string, text: string): HTMLElement => {
  const status = h('span', { class: 'note' });
  return h(
    'div',
    { class: 'command' },
    h('span', {}, label),
    h('pre', { class: 'copy', 'data-command': label }, text),
    h('button', { type: 'button', on: { click: () => void navigator.clipboard.writeText(text).then(() => fill(status, 'copied'), () => fill(status, 'select the text to copy it')) } }, 'Copy'),
    status,
  );
};

export const itemPage = async (table: string, params: URLSearchParams): Promise<HTMLElement> => {
  const key = params.get('key') ?? '';
  let answer = await api<ItemAnswer>(`/api/tables/${enc(table)}/item?key=${enc(key)}`);
  const root = h('section', { id: 'item' });
  const message = h('div', { id: 'message' });

  const attributesTable = () => {
    const names = [...answer.keyNames, ...Object.keys(answer.item).filter((n) => !answer.keyNames.includes(n))];
    return h(
      'table',
      { class: 'items attributes' },
      h('thead', {}, h('tr', {}, h('th', {}, 'attribute'), h('th', {}, 'type'), h('th', {}, 'value'))),
      h('tbody', {}, names.map((n) => h('tr', {}, h('th', { class: answer.keyNames.includes(n) ? 'key' : '' }, n), h('td', {}, h('span', { class: `type t-${typeOf(answer.item[n]!)}` }, typeOf(answer.item[n]!))), h('td', { class: 'value' }, valueText(answer.item[n]!))))),
    );
  };

  const view = (): void => {
    const editor = h('textarea', { id: 'editor', rows: 18, cols: 100, spellcheck: false, value: JSON.stringify(answer.item, null, 2) });
    const save = async (): Promise<void> => {
      fill(message, h('p', { class: 'note' }, 'saving…'));
      try {
        answer = await api<ItemAnswer>(`/api/tables/${enc(table)}/item`, { method: 'PUT', body: { loaded: answer.item, item: editor.value } });
        view();
        fill(message, h('p', { class: 'ok', role: 'status' }, 'Saved.'));
      } catch (error) {
        fill(message, errorLine(error));
      }
    };
    const confirmBox = h('div', { id: 'confirm' });
    const askDelete = (): void =>
      fill(
        confirmBox,
        h('span', {}, `Delete ${answer.keyNames.map((k) => `${k}=${valueText(answer.item[k]!)}`).join(' ')} from ${table}? `),
        h('button', { type: 'button', id: 'confirm-delete', class: 'danger', on: { click: () => void remove() } }, 'Yes, delete it'),
        ' ',
        h('button', { type: 'button', on: { click: () => fill(confirmBox) } }, 'Cancel'),
      );
    const remove = async (): Promise<void> => {
      try {
        await api(`/api/tables/${enc(table)}/item`, { method: 'DELETE', body: { loaded: answer.item } });
        fill(root, h('p', { class: 'ok', role: 'status' }, 'Deleted. '), h('a', { href: route(`table/${enc(table)}`) }, `back to ${table}`));
      } catch (error) {
        fill(message, errorLine(error));
      }
    };
    fill(
      root,
      h('h1', {}, h('a', { href: route(`table/${enc(table)}`) }, table), ' / item'),
      attributesTable(),
      message,
      answer.readOnly
        ? h('p', { class: 'note' }, 'Read-only: this page points at AWS and ddb ui was started without --allow-prod.')
        : h(
            'div',
            { class: 'edit' },
            h('h2', {}, 'Edit (DynamoDB JSON)'),
            editor,
            h('div', {}, h('button', { type: 'button', id: 'save', on: { click: () => void save() } }, 'Save'), ' ', h('button', { type: 'button', id: 'delete', class: 'danger', on: { click: askDelete } }, 'Delete…')),
            confirmBox,
            h('p', { class: 'note' }, 'Save writes the whole item in one PutItem that holds only if every attribute is still as loaded; the key cannot change.'),
          ),
      h('h2', {}, 'As commands'),
      copyBox('get', answer.commands.get),
      copyBox('put', answer.commands.put),
    );
  };
  view();
  return root;
};
