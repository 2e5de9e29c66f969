import * as t from 'io-ts';

export interface TimestampBrand {
  readonly Timestamp: unique symbol;
}

/**
 * An instant in canonical form: UTC, nanosecond digits, `YYYY-MM-DDTHH:MM:SS.fffffffffZ`.
 * Every timestamp we store has this fixed width, so string order is time order, and
 * nothing of the source's precision is lost (chrono emits up to nanoseconds).
 */
export type Timestamp = string & TimestampBrand;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 timestamp into canonical form, or returns `undefined` with no exception. */
export const parseTimestamp = (input: string): Timestamp | undefined => {
  const m = RFC3339.exec(input);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined; // e.g. 02-30
  date.setUTCHours(hour, minute, second, 0);
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    date.setTime(date.getTime() - (sign === '+' ? offset : -offset));
  }
  const utcYear = date.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return undefined;
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z for years 0..9999
  return `${iso.slice(0, 19)}.${(frac ?? '').padEnd(9, '0')}Z` as Timestamp;
};

/** The canonical timestamp of a JavaScript `Date` (millisecond precision). */
export const timestampFromDate = (date: Date): Timestamp => {
  const parsed = Number.isNaN(date.getTime()) ? undefined : parseTimestamp(date.toISOString());
  if (parsed === undefined) throw new RangeError(`not a representable instant: ${String(date)}`);
  return parsed;
};

/** The canonical timestamp of milliseconds since the epoch (e.g. `scheduler.now()`). */
export const timestampFromEpochMs = (ms: number): Timestamp => timestampFromDate(new Date(ms));

/** Milliseconds since the epoch (sub-millisecond digits dropped), for arithmetic such as lateness windows. */
export const timestampToEpochMs = (ts: Timestamp): number => Date.parse(`${ts.slice(0, 23)}Z`);

/** Codec: decodes an RFC 3339 string (any offset, up to 9 fraction digits) and encodes canonical UTC. */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{9}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Whether `u` is a timestamp in canonical form (what `parseTimestamp` returns), checked without
 * building a `Date`: the check every delta of the pipeline pays, so it is kept cheap.
 */
export const isCanonicalTimestamp = (u: unknown): u is Timestamp => {
  if (typeof u !== 'string' || u.length !== 30) return false;
  const m = CANONICAL.exec(u);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
};

export const Timestamp = new t.Type<Timestamp, string, unknown>(
  'Timestamp',
  isCanonicalTimestamp,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected an RFC 3339 timestamp string');
    const parsed = parseTimestamp(u);
    return parsed === undefined
      ? t.failure(
          u,
          c,
          'expected an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z) between years 0000 and 9999',
        )
      : t.success(parsed);
  },
  (ts) => ts,
);
