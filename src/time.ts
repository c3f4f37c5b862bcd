/**
 * Timestamps from any client: with or without a UTC offset, with or without fractions, "T" or a space.
 * Canonical form (what ddb writes as a sort key): UTC with milliseconds, e.g. 2026-11-01T10:00:00.000Z.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

export const parseTimestamp = (text: string): Date | undefined => {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC rolls over (February 30 is March 1, 24:00 the next day): a date that does not read back is not a date
  const back = new Date(local);
  if (Number.isNaN(local) || back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(s)) return undefined;
  if (Math.abs(offsetMinutes) > 18 * 60) return undefined;
  return new Date(local - offsetMinutes * 60_000);
};

export const canonicalTimestamp = (date: Date): string => date.toISOString();

/** For tables: "2026-11-15 16:08 UTC"; text that is not a timestamp is shown as it is. */
export const displayTimestamp = (text: unknown): string => {
  if (typeof text !== 'string') return '';
  const d = parseTimestamp(text);
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : text;
};
