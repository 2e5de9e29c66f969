import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** What {@link inspectWal} found in a `-wal` file that SQLite is about to recover. */
export type WalInspection =
  | { readonly kind: 'absent' }
  /** Every frame of the current WAL is intact; SQLite replays the committed ones. */
  | { readonly kind: 'intact'; readonly frames: number }
  /**
   * The file ends inside a frame (a cut or torn write, e.g. after a power loss): SQLite recovers up
   * to the last whole committed transaction before it and drops the rest.
   */
  | { readonly kind: 'partialTail'; readonly frames: number; readonly trailingBytes: number }
  /**
   * A frame in the middle fails its checksum while later frames belong to the same WAL: bytes were
   * damaged after they were written. SQLite would silently drop every commit from that frame on.
   */
  | { readonly kind: 'damaged'; readonly frame: number; readonly frames: number }
  /** Too short for a WAL header, or a header SQLite does not recognise: SQLite ignores the file. */
  | { readonly kind: 'badHeader'; readonly bytes: number };

const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;

/** SQLite's WAL checksum (https://sqlite.org/fileformat2.html#walformat), continued from `s`. */
const checksum = (data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] => {
  let [s0, s1] = s;
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
};

/**
 * Reads the `-wal` file of the database at `path` before SQLite recovers it, frame by frame with
 * SQLite's own salts and checksums, so that a damaged or cut WAL is reported instead of being
 * silently dropped. Reads one frame at a time.
 */
export const inspectWal = (path: string): WalInspection => {
  const first = readWal(path);
  if (first.kind !== 'damaged') return first;
  // A live writer may have restarted the WAL while we read it (new frames over old ones): only a
  // second reading that finds the same damage counts.
  const second = readWal(path);
  return second.kind === 'damaged' && second.frame === first.frame ? second : { kind: 'intact', frames: 0 };
};

const readWal = (path: string): WalInspection => {
  const walPath = `${path}-wal`;
  if (!existsSync(walPath)) return { kind: 'absent' };
  const fd = openSync(walPath, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { kind: 'absent' };
    const header = Buffer.alloc(HEADER_BYTES);
    if (size < HEADER_BYTES || readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) {
      return { kind: 'badHeader', bytes: size };
    }
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    const bigEndian = magic === MAGIC_BIG_ENDIAN;
    const validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
    if ((magic !== MAGIC_LITTLE_ENDIAN && !bigEndian) || !validPageSize) {
      return { kind: 'badHeader', bytes: size };
    }
    let sums = checksum(header.subarray(0, 24), bigEndian, [0, 0]);
    if (sums[0] !== header.readUInt32BE(24) || sums[1] !== header.readUInt32BE(28)) {
      return { kind: 'badHeader', bytes: size };
    }
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frameBytes = FRAME_HEADER_BYTES + pageSize;
    const frame = Buffer.alloc(frameBytes);
    const whole = Math.floor((size - HEADER_BYTES) / frameBytes);
    const trailingBytes = (size - HEADER_BYTES) % frameBytes;
    let valid = 0;
    for (let i = 0; i < whole; i++) {
      readSync(fd, frame, 0, frameBytes, HEADER_BYTES + i * frameBytes);
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break; // an older WAL's frames
      sums = checksum(frame.subarray(0, 8), bigEndian, sums);
      sums = checksum(frame.subarray(FRAME_HEADER_BYTES), bigEndian, sums);
      if (sums[0] !== frame.readUInt32BE(16) || sums[1] !== frame.readUInt32BE(20)) {
        // A bad frame. If a later frame still carries this WAL's salts, it was written after this
        // one, so this one was whole once: damaged. Otherwise it is a torn last write.
        for (let j = i + 1; j < whole; j++) {
          readSync(fd, frame, 0, 16, HEADER_BYTES + j * frameBytes);
          if (frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2) {
            return { kind: 'damaged', frame: i + 1, frames: whole };
          }
        }
        return {
          kind: 'partialTail',
          frames: valid,
          trailingBytes: (whole - i) * frameBytes + trailingBytes,
        };
      }
      valid++;
    }
    if (trailingBytes !== 0 && valid === whole) return { kind: 'partialTail', frames: valid, trailingBytes };
    return { kind: 'intact', frames: valid };
  } finally {
    closeSync(fd);
  }
};
