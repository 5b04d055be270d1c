/**
 * The checksums of the gzip trailer (CRC-32, RFC 1952 §8) and the zlib trailer
 * (Adler-32, RFC 1950 §9), updated chunk by chunk.
 *
 * @module
 */

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** The CRC-32 of everything so far, given the previous value (0 to start). */
export function crc32(previous: number, bytes: Uint8Array): number {
  let c = ~previous >>> 0
  for (let i = 0; i < bytes.length; i++)
    c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

/** The Adler-32 of everything so far, given the previous value (1 to start). */
export function adler32(previous: number, bytes: Uint8Array): number {
  let a = previous & 0xffff
  let b = previous >>> 16
  // 5552 is the most bytes that cannot overflow 32 bits before the modulo (zlib's NMAX).
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(i + 5552, bytes.length)
    for (; i < end; i++) {
      a += bytes[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}
