/**
 * The page's one way to make elements: h(tag, props, ...children). A child string becomes a text node, so a value
 * from a table is always text — never markup (no innerHTML anywhere in the page). Props set properties and
 * listeners; `href` is only ever set by the page's own code (hash routes), never from data.
 */
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown> & { class?: string; on?: Record<string, (event: Event) => void> };

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') for (const [event, fn] of Object.entries(value as Record<string, (e: Event) => void>)) el.addEventListener(event, fn);
    else if (name === 'class') el.className = String(value);
    // attributes without a writable property (`list` of an input) are set as attributes
    else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'list' || name === 'role') el.setAttribute(name, String(value));
    else (el as unknown as Record<string, unknown>)[name] = value;
  }
  append(el, children);
  return el;
};

export const append = (el: Node, children: (Child | Child[])[]): void => {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
};

/** Replaces what `el` holds. */
export const fill = (el: Node, ...children: (Child | Child[])[]): void => {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
};

/** A route of the page (`#/table/orders?…`). */
export const route = (path: string, params: Record<string, string | undefined> = {}): string => {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
  return `#/${path}${query ? `?${query}` : ''}`;
};

/** Shows the page of `hash`, again when it is the one on screen (the Read button of an unchanged form reads again). */
export const go = (hash: string): void => {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
};

/** A line saying what went wrong, in the page. */
export const errorLine = (error: unknown): HTMLElement => h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
