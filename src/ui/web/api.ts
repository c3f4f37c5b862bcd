/** The page's requests: JSON to and from its own server (same origin; the cookie holds the token). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = { error: text.trim() || response.statusText };
  }
  if (!response.ok) {
    const e = value as { error?: string; suggestion?: string; code?: string };
    throw new ApiError(`${e.error ?? response.statusText}${e.suggestion ? ` — ${e.suggestion}` : ''}`, response.status, e.code);
  }
  return value as T;
};

export const enc = encodeURIComponent;
