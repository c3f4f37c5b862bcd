/**
 * `ddb ui`'s JSON routes: what the page asks for, answered with the domain code the commands use — list-tables' rows,
 * describe's model, query's request builders and tokens, the declared patterns and their Query, create-message and
 * create-conversation (./table-routes.ts, ./pattern-routes.ts). Nothing here prints; an error is a DdbError, which
 * server.ts turns into a status and its one line.
 */
import type { Handler, Route } from './context.js';
import { createConversation, createMessage, listPatterns, patternRun, users } from './pattern-routes.js';
import { describe, getItem, items, listTables, putItem, removeItem } from './table-routes.js';

export type { Call, Route, UiContext } from './context.js';

const info: Handler = async (ctx) => ({ where: ctx.where, readOnly: ctx.readOnly, schema: ctx.schemaShown });

const T = '([^/]+)';
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/api\/info$/, handler: info },
  { method: 'GET', path: /^\/api\/tables$/, handler: listTables },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}$`), handler: describe },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}/items$`), handler: items },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}/item$`), handler: getItem },
  { method: 'PUT', path: new RegExp(`^/api/tables/${T}/item$`), handler: putItem },
  { method: 'DELETE', path: new RegExp(`^/api/tables/${T}/item$`), handler: removeItem },
  { method: 'GET', path: /^\/api\/patterns$/, handler: listPatterns },
  { method: 'POST', path: new RegExp(`^/api/patterns/${T}$`), handler: patternRun },
  { method: 'GET', path: /^\/api\/users$/, handler: users },
  { method: 'POST', path: new RegExp(`^/api/conversations/${T}/messages$`), handler: createMessage },
  { method: 'POST', path: /^\/api\/conversations$/, handler: createConversation },
];
