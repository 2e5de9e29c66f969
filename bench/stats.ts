/** The median (the mean of the two middle values for an even count); NaN for no values. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const MiB = 2 ** 20;
/** The requirement's bound: 300 MB (decimal), in MiB. */
export const RSS_LIMIT_MIB = 300e6 / MiB;

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmt2 = (n: number): string => n.toFixed(2);
