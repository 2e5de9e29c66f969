import { isUtf8 } from 'node:buffer';

/** The byte length of a well-formed UTF-8 sequence at `i`, or 0 (Unicode Table 3-7: no overlongs, surrogates or > U+10FFFF). */
const sequenceLength = (bytes: Uint8Array, i: number): number => {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
};

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (a stray continuation byte, an
 * overlong form, an encoded surrogate, a truncated sequence), or `undefined` when all of it is UTF-8.
 */
export const firstInvalidUtf8Byte = (bytes: Uint8Array): number | undefined => {
  if (isUtf8(bytes)) return undefined;
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return undefined;
};
