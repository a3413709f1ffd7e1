// One gzip body from parts compressed in different places (issue 11, finding 5): a worker thread
// compresses the megabytes of a large answer, the event loop only the few bytes of the envelope
// around it. Each part is raw deflate data flushed to a byte boundary with no final block
// (Z_SYNC_FLUSH), so the parts can follow one another in one deflate stream; the CRC-32 of the
// whole is combined from the parts' own, so no part is read twice.
import { promisify } from "node:util";
import zlib from "node:zlib";

/** Bytes compressed ahead of time, ready to sit anywhere in a gzip body built by gzipJoin. */
export interface DeflatedPart {
  /** Raw deflate data, sync-flushed: it ends on a byte boundary and has no final block. */
  deflated: Uint8Array;
  /** CRC-32 of the uncompressed bytes. */
  crc: number;
  /** Length of the uncompressed bytes. */
  length: number;
}

const deflateRawAsync = promisify(zlib.deflateRaw);
const SYNC_FLUSH = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
/** Parts up to this size are compressed on the calling thread; larger ones on libuv's pool. */
const SMALL_PART = 64 * 1024;

// zlib.crc32 exists from Node 20.15; package.json allows 20.9.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function tableCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const crc32: (bytes: Uint8Array) => number =
  typeof zlib.crc32 === "function" ? (bytes) => zlib.crc32(bytes) : tableCrc32;

// CRC-32 of a concatenation from the CRCs of its halves (zlib's crc32_combine): polynomial
// arithmetic modulo the CRC polynomial, in the reflected bit order CRC-32 uses.
const POLY = 0xedb88320;

function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N: number[] = [];
for (let k = 0, p = 0x40000000; k < 32; k++) {
  X2N.push(p);
  p = multModP(p, p);
}

/** x^(n * 2^k) modulo the polynomial. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  for (; n > 0; n = Math.floor(n / 2), k++) if (n % 2) p = multModP(X2N[k & 31] ?? 0, p);
  return p;
}

/** The CRC-32 of A followed by B, from the CRC-32 of A, that of B and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/** Compresses `bytes` as one part of a later gzipJoin (synchronously: for a worker thread). */
export function deflatePart(bytes: Uint8Array): DeflatedPart {
  const out = zlib.deflateRawSync(bytes, SYNC_FLUSH);
  return {
    deflated: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    crc: crc32(bytes),
    length: bytes.length,
  };
}

const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
/** An empty final deflate block: what ends the stream after the last sync-flushed part. */
const FINAL_BLOCK = Uint8Array.of(3, 0);

/**
 * One gzip member holding `parts` in order: plain bytes are compressed here (small ones on this
 * thread), deflated parts are copied as they are.
 */
export async function gzipJoin(parts: readonly (Uint8Array | DeflatedPart)[]): Promise<Buffer<ArrayBuffer>> {
  const chunks: Uint8Array[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    let deflated: DeflatedPart;
    if (part instanceof Uint8Array) {
      const out =
        part.length <= SMALL_PART ? zlib.deflateRawSync(part, SYNC_FLUSH) : await deflateRawAsync(part, SYNC_FLUSH);
      deflated = { deflated: out, crc: crc32(part), length: part.length };
    } else {
      deflated = part;
    }
    chunks.push(deflated.deflated);
    crc = crc32Combine(crc, deflated.crc, deflated.length);
    length += deflated.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  // ISIZE is the length modulo 2^32.
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return Buffer.concat(chunks);
}
