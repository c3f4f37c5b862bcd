/**
 * `ddb ui`'s page: a header, and the page the address's hash names — #/ (tables), #/table/NAME, #/item/NAME?key=…,
 * #/patterns, #/conversations. Plain DOM, no framework: five small pages over a dozen JSON routes (./dom.ts makes
 * every element; data is only ever text).
 */
import './style.css';
import { api } from './api.js';
import { errorLine, fill, h, route } from './dom.js';
import { conversationsPage } from './conversations.js';
import { itemPage } from './item.js';
import { patternsPage } from './patterns.js';
import { tablePage } from './table.js';
import { tablesPage } from './tables.js';

const main = h('main', { id: 'page' });

const pageFor = (hash: string): Promise<HTMLElement> => {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  const [kind, name] = path.split('/').map(decodeURIComponent);
  if (kind === 'table' && name) return tablePage(name, params);
  if (kind === 'item' && name) return itemPage(name, params);
  if (kind === 'patterns') return patternsPage();
  if (kind === 'conversations') return conversationsPage(params);
  return tablesPage();
};

let shown = 0;
const render = async (): Promise<void> => {
  const mine = ++shown;
  fill(main, h('p', { class: 'note' }, 'loading…'));
  let page: HTMLElement;
  try {
    page = await pageFor(location.hash);
  } catch (error) {
    page = errorLine(error);
  }
  // a later navigation wins over a slow page
  if (mine === shown) fill(main, page);
};

const start = async (): Promise<void> => {
  const where = h('span', { class: 'where' });
  document.body.append(
    h('header', {}, h('strong', {}, 'ddb ui'), ' ', h('nav', {}, h('a', { href: route('') }, 'Tables'), h('a', { href: route('patterns') }, 'Patterns'), h('a', { href: route('conversations') }, 'Conversations')), where),
    main,
  );
  window.addEventListener('hashchange', () => void render());
  void api<{ where: string; readOnly: boolean }>('/api/info').then(
    (i) => fill(where, `→ ${i.where}${i.readOnly ? ' (read-only)' : ''}`),
    () => undefined,
  );
  await render();
  document.body.dataset.ready = '1';
};

void start();
