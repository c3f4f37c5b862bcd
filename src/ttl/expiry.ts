/**
 * DynamoDB's rule for an expired item (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html):
 * the TTL attribute is a top-level Number holding epoch seconds that lie in the past. Any other type (a string, a
 * set, a list), a missing attribute, or a time more than five years in the past is ignored: such an item never
 * expires. Pure, so the sweep and its tests share one definition.
 */

/**
 * How often an engine ddb starts deletes expired items when `--ttl-interval` is not given: short, for development
 * (DynamoDB takes up to 48 hours); DynamoDB Local's own TTL job runs this often, so no sweeper is needed for it.
 */
export const DEFAULT_TTL_INTERVAL_SECONDS = 10;

/** Five years of seconds (365.2425-day years): older expiry times are not processed, as in DynamoDB. */
export const FIVE_YEARS_SECONDS = Math.round(5 * 365.2425 * 24 * 3600);

/** The TTL attribute as DynamoDB JSON ({"N": "1767225600"}), or anything else an item may hold there. */
export const isExpired = (value: unknown, nowSeconds: number): boolean => {
  if (typeof value !== 'object' || value === null || !('N' in value)) return false;
  const n = Number((value as { N: unknown }).N);
  return Number.isFinite(n) && n <= nowSeconds && n >= nowSeconds - FIVE_YEARS_SECONDS;
};

/**
 * --now: an ISO 8601 time (`2030-01-01T00:00:00Z`), epoch seconds (`1893456000`), or a time from now (`+90s`, `+15m`,
 * `+2h`, `+7d`). Undefined when the text is none of those.
 */
export const parseNow = (text: string, now: Date = new Date()): Date | undefined => {
  const ahead = /^\+(\d+(?:\.\d+)?)([smhd])$/.exec(text);
  if (ahead) return new Date(now.getTime() + Number(ahead[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[ahead[2] as 's']! * 1000);
  if (/^\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
};
