/**
 * Just enough of a DEFLATE decoder (RFC 1951 §3.2) to find where the last block of a
 * raw deflate stream starts and ends, without producing any output. `CompressionStream`
 * has no flush, so a streaming compressor compresses each stretch of the body as a
 * stream of its own and joins them: that needs the last block's BFINAL bit cleared and
 * an empty stored block appended at the bit where it ends (zlib's sync flush marker).
 *
 * @module
 */

/** Extra bits of the length codes 257..285 and of the distance codes 0..29. */
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
  12, 13, 13,
]
/** The order in which a dynamic block lists the code length code lengths. */
const CODE_LENGTH_ORDER = [
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
]

interface Huffman {
  readonly count: Uint16Array
  readonly symbol: Uint16Array
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const count = new Uint16Array(16)
  for (let s = 0; s < lengths.length; s++) count[lengths[s]!]!++
  const offsets = new Uint16Array(16)
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len]! + count[len]!
  const symbol = new Uint16Array(lengths.length)
  for (let s = 0; s < lengths.length; s++) {
    if (lengths[s] !== 0) symbol[offsets[lengths[s]!]!++] = s
  }
  return { count, symbol }
}

const FIXED_LITERALS = huffman(
  Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)),
)
const FIXED_DISTANCES = huffman(new Array<number>(30).fill(5))

class Bits {
  position = 0
  constructor(private readonly bytes: Uint8Array) {}

  read(n: number): number {
    let value = 0
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.position >> 3]
      if (byte === undefined) throw new RangeError('deflate data ended inside a block')
      value |= ((byte >> (this.position & 7)) & 1) << i
      this.position++
    }
    return value
  }

  decode(h: Huffman): number {
    let code = 0
    let first = 0
    let index = 0
    for (let len = 1; len < 16; len++) {
      code |= this.read(1)
      const count = h.count[len]!
      if (code - count < first) return h.symbol[index + (code - first)]!
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    throw new RangeError('invalid Huffman code in deflate data')
  }
}

function skipCodes(bits: Bits, literals: Huffman, distances: Huffman): void {
  for (;;) {
    const symbol = bits.decode(literals)
    if (symbol < 256) continue
    if (symbol === 256) return
    const extra = LENGTH_EXTRA[symbol - 257]
    if (extra === undefined) throw new RangeError('invalid length code in deflate data')
    bits.read(extra)
    const distanceExtra = DISTANCE_EXTRA[bits.decode(distances)]
    if (distanceExtra === undefined) {
      throw new RangeError('invalid distance code in deflate data')
    }
    bits.read(distanceExtra)
  }
}

function skipDynamic(bits: Bits): void {
  const literalCount = bits.read(5) + 257
  const distanceCount = bits.read(5) + 1
  const codeCount = bits.read(4) + 4
  const codeLengths = new Array<number>(19).fill(0)
  for (let i = 0; i < codeCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = bits.read(3)
  const lengthCode = huffman(codeLengths)
  const lengths: number[] = []
  while (lengths.length < literalCount + distanceCount) {
    const symbol = bits.decode(lengthCode)
    if (symbol < 16) lengths.push(symbol)
    else if (symbol === 16) {
      const previous = lengths.at(-1)
      if (previous === undefined)
        throw new RangeError('repeat with no length to repeat')
      for (let n = 3 + bits.read(2); n > 0; n--) lengths.push(previous)
    } else {
      for (let n = symbol === 17 ? 3 + bits.read(3) : 11 + bits.read(7); n > 0; n--) {
        lengths.push(0)
      }
    }
  }
  skipCodes(
    bits,
    huffman(lengths.slice(0, literalCount)),
    huffman(lengths.slice(literalCount, literalCount + distanceCount)),
  )
}

/** Where the final block of a raw deflate stream starts and ends, in bits. */
export interface FinalBlock {
  /** The bit index of the final block's BFINAL bit. */
  readonly header: number
  /** The bit index just past the final block's end-of-block code. */
  readonly end: number
}

/**
 * Walks the blocks of a complete raw deflate stream.
 *
 * @throws RangeError when the data is not a complete deflate stream.
 */
export function finalBlock(bytes: Uint8Array): FinalBlock {
  const bits = new Bits(bytes)
  for (;;) {
    const header = bits.position
    const last = bits.read(1)
    const type = bits.read(2)
    if (type === 0) {
      bits.position = (bits.position + 7) & ~7
      const length = bits.read(16)
      bits.read(16)
      bits.position += length * 8
    } else if (type === 1) skipCodes(bits, FIXED_LITERALS, FIXED_DISTANCES)
    else if (type === 2) skipDynamic(bits)
    else throw new RangeError('invalid deflate block type 3')
    if (last === 1) return { header, end: bits.position }
  }
}

/** zlib's sync flush marker: an empty stored block's LEN and NLEN. */
const SYNC_MARKER = [0x00, 0x00, 0xff, 0xff]

/**
 * A complete raw deflate stream made into a flushed, non-final stretch of a longer one:
 * the final block's BFINAL bit cleared, then an empty stored block, which ends on a
 * byte boundary, so the next stretch can follow byte-aligned.
 */
export function asFlushedStretch(bytes: Uint8Array): Uint8Array {
  const { header, end } = finalBlock(bytes)
  const used = Math.ceil(end / 8)
  const usedBits = end & 7
  // The stored block's 3 header bits go at `end`; zlib pads the last byte with zeros,
  // so they are already there when they fit (up to 5 bits used), else need a byte.
  const extra = usedBits === 0 || usedBits > 5 ? 1 : 0
  const out = new Uint8Array(used + extra + SYNC_MARKER.length)
  out.set(bytes.subarray(0, used))
  out[header >> 3]! &= ~(1 << (header & 7))
  out.set(SYNC_MARKER, used + extra)
  return out
}

/** An empty final block with fixed codes (BFINAL 1, BTYPE 01, end-of-block), byte-aligned. */
export const EMPTY_FINAL_BLOCK = Uint8Array.of(0x03, 0x00)
