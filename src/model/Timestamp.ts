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

/** The number the `count` decimal digits of `text` from `from` on spell. */
const digitsAt = (text: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, exact for every year (Howard
 * Hinnant's `days_from_civil`): what `Date.parse` computes, without its parser or `Date.UTC`'s
 * reading of years 0–99 as 1900–1999.
 */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1; // from March 1st
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

/**
 * Milliseconds since the epoch (sub-millisecond digits dropped), for arithmetic such as lateness windows:
 * `Date.parse` of its first 23 characters, computed from the digits of the fixed-width canonical form
 * (the ordering window pays it for every delta).
 */
export const timestampToEpochMs = (ts: Timestamp): number =>
  daysFromCivil(digitsAt(ts, 0, 4), digitsAt(ts, 5, 2), digitsAt(ts, 8, 2)) * 86_400_000 +
  digitsAt(ts, 11, 2) * 3_600_000 +
  digitsAt(ts, 14, 2) * 60_000 +
  digitsAt(ts, 17, 2) * 1_000 +
  digitsAt(ts, 20, 3);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** The canonical form, character by character: `d` a digit 0-9, anything else itself. */
const CANONICAL_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddddddddZ';

/** Whether `u` has the canonical form's characters: `/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/`. */
const hasCanonicalShape = (u: string): boolean => {
  for (let i = 0; i < CANONICAL_SHAPE.length; i++) {
    const c = u.charCodeAt(i);
    const expected = CANONICAL_SHAPE.charCodeAt(i);
    if (expected === 100 /* d */ ? c < 48 || c > 57 : c !== expected) return false;
  }
  return true;
};

/**
 * Whether `u` is a timestamp in canonical form (what `parseTimestamp` returns), checked without
 * building a `Date` or a match: the check every delta of the pipeline pays, so it is kept cheap.
 */
export const isCanonicalTimestamp = (u: unknown): u is Timestamp => {
  if (typeof u !== 'string' || u.length !== CANONICAL_SHAPE.length || !hasCanonicalShape(u)) return false;
  const year = digitsAt(u, 0, 4);
  const month = digitsAt(u, 5, 2);
  const day = digitsAt(u, 8, 2);
  if (month < 1 || month > 12 || day < 1 || digitsAt(u, 11, 2) > 23 || digitsAt(u, 14, 2) > 59) return false;
  if (digitsAt(u, 17, 2) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
};

/** Codec: decodes an RFC 3339 string (any offset, up to 9 fraction digits) and encodes canonical UTC. */
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
