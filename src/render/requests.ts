/** --dry-run: the exact requests that would be sent, as JSON in every format (they are what a script would send). */
import { toJson } from './json.js';
import type { View } from './view.js';

export const requestView: View<unknown> = {
  table: (request) => toJson(request),
  json: (request) => request,
};

export const requestsView: View<readonly unknown[]> = {
  table: (requests) => toJson(requests),
  json: (requests) => requests,
  ndjson: (requests) => requests,
};
