/**
 * The DEFLATE block walker behind `compress()`'s flushing (RFC 1951 §3.2): it finds
 * the final block of a raw deflate stream in each kind of block (stored, fixed and
 * dynamic Huffman codes), refuses data that is not a complete deflate stream with a
 * `RangeError` saying what is wrong, and turns a stream into a flushed stretch that
 * still inflates to the same bytes.
 */
import { inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  asFlushedStretch,
  EMPTY_FINAL_BLOCK,
  finalBlock,
} from '../../../../src/middleware/compress/deflate-blocks.js'

/** Writes bits as DEFLATE packs them: values least significant bit first (§3.1.1). */
class BitWriter {
  private readonly bytes: number[] = []
  position = 0

  /** `value` in `n` bits, least significant first (header fields, extra bits). */
  bits(value: number, n: number): this {
    for (let i = 0; i < n; i++) this.bit((value >> i) & 1)
    return this
  }

  /** A Huffman code of `length` bits, most significant first (§3.1.1). */
  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.bit((code >> i) & 1)
    return this
  }

  /** Zero bits up to the next byte boundary. */
  align(): this {
    while (this.position % 8 !== 0) this.bit(0)
    return this
  }

  /** Whole bytes, after aligning. */
  raw(...values: number[]): this {
    this.align()
    for (const value of values) this.bits(value, 8)
    return this
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes)
  }

  private bit(value: number): void {
    if (this.position % 8 === 0) this.bytes.push(0)
    this.bytes[this.bytes.length - 1]! |= value << (this.position % 8)
    this.position++
  }
}

/** A stored block of `data` (§3.2.4). */
function stored(writer: BitWriter, data: readonly number[], last: boolean): BitWriter {
  const length = data.length
  return writer
    .bits(last ? 1 : 0, 1)
    .bits(0, 2)
    .raw(length & 0xff, length >> 8, ~length & 0xff, (~length >> 8) & 0xff, ...data)
}

/** Fixed-code block header (§3.2.6): BFINAL, then BTYPE 01. */
const fixedHeader = (writer: BitWriter, last = true) =>
  writer.bits(last ? 1 : 0, 1).bits(1, 2)

/**
 * A dynamic block header (§3.2.7) whose literal/length code has only 256 and 257
 * (one bit each: 0 and 1), and whose distance code has only 0 and 30 (0 and 1). The
 * code length code has 18 (one bit, `0`), 0 and 1 (two bits, `10` and `11`).
 */
function dynamicHeader(writer: BitWriter): BitWriter {
  const zero = () => writer.code(0b10, 2)
  const one = () => writer.code(0b11, 2)
  const zeros = (n: number) => writer.code(0, 1).bits(n - 11, 7) // symbol 18
  writer.bits(1, 1).bits(2, 2) // BFINAL, BTYPE 10
  writer.bits(1, 5).bits(31, 5).bits(14, 4) // HLIT 258, HDIST 32, HCLEN 18
  // Code length code lengths, in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1.
  for (const length of [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]) {
    writer.bits(length, 3)
  }
  zeros(138)
  zeros(118) // literals 0..255: none
  one()
  one() // 256 and 257
  one() // distance 0
  zeros(29) // distances 1..29: none
  one() // distance 30
  zero() // distance 31: none
  return writer
}

describe('finalBlock: where the last block starts and ends (RFC 1951 §3.2.3)', () => {
  it('a stored block: from its BFINAL bit to the end of its bytes (§3.2.4)', () => {
    const bytes = stored(new BitWriter(), [0x61, 0x62, 0x63], true).done()
    expect(finalBlock(bytes)).toEqual({ header: 0, end: 8 * bytes.length })
  })

  it('a non-final stored block, then a final fixed block holding only its end code', () => {
    const writer = stored(new BitWriter(), [0x61], false)
    const header = writer.position
    fixedHeader(writer).code(0, 7) // end-of-block, 256
    const end = writer.position
    expect(finalBlock(writer.done())).toEqual({ header, end })
  })

  it('a dynamic block (§3.2.7): its code lengths are read, then its codes', () => {
    const writer = dynamicHeader(new BitWriter())
    writer.code(0, 1) // end-of-block, 256
    const end = writer.position
    expect(finalBlock(writer.done())).toEqual({ header: 0, end })
  })

  it('what CompressionStream makes, of each kind, ends where the data ends', async () => {
    const random = crypto.getRandomValues(new Uint8Array(5000))
    for (const input of [
      new Uint8Array(0),
      new TextEncoder().encode('ab'.repeat(900)),
      random,
    ]) {
      const compressed = new Uint8Array(
        await new Response(
          new Blob([input]).stream().pipeThrough(new CompressionStream('deflate-raw')),
        ).arrayBuffer(),
      )
      const { end } = finalBlock(compressed)
      expect(Math.ceil(end / 8)).toBe(compressed.length)
    }
  })
})

describe('finalBlock: data that is not a complete deflate stream', () => {
  const cases: ReadonlyArray<readonly [string, Uint8Array, string]> = [
    ['no data at all', new Uint8Array(0), 'deflate data ended inside a block'],
    [
      'a stored block cut short',
      stored(new BitWriter(), [1, 2, 3], true).done().subarray(0, 2),
      'deflate data ended inside a block',
    ],
    [
      'block type 3, which is reserved',
      new BitWriter().bits(1, 1).bits(3, 2).done(),
      'invalid deflate block type 3',
    ],
    [
      'length code 286, which fixed codes have but lengths do not (§3.2.6)',
      fixedHeader(new BitWriter()).code(0b11000110, 8).done(),
      'invalid length code in deflate data',
    ],
    [
      'distance code 30 with fixed codes, which assign it no code',
      fixedHeader(new BitWriter())
        .code(0b0000001, 7) // length 3
        .code(0b11110, 5)
        .bits(0, 16)
        .done(),
      'invalid Huffman code in deflate data',
    ],
    [
      'distance code 30 in a dynamic block, which has no distance for it',
      dynamicHeader(new BitWriter()).code(1, 1).code(1, 1).done(),
      'invalid distance code in deflate data',
    ],
    [
      'a dynamic block whose first code length repeats the previous one',
      new BitWriter()
        .bits(1, 1)
        .bits(2, 2)
        .bits(0, 5)
        .bits(0, 5)
        .bits(0, 4) // 4 code length code lengths: 16 17 18 0
        .bits(1, 3)
        .bits(1, 3)
        .bits(0, 3)
        .bits(0, 3)
        .code(0, 1) // symbol 16: repeat the previous length, of which there is none
        .bits(0, 8)
        .done(),
      'repeat with no length to repeat',
    ],
  ]
  for (const [label, bytes, message] of cases) {
    it(`${label}: RangeError "${message}"`, () => {
      expect(() => finalBlock(bytes)).toThrow(new RangeError(message))
    })
  }
})

describe('asFlushedStretch: a complete stream made into a flushed part of a longer one', () => {
  it('a stored block ending on a byte boundary: BFINAL cleared, then a sync marker in a byte of its own', () => {
    const bytes = stored(new BitWriter(), [0x61, 0x62, 0x63], true).done()
    const stretch = asFlushedStretch(bytes)
    expect([...stretch]).toEqual([
      0x00,
      ...bytes.subarray(1),
      0x00, // the empty stored block's header bits, and padding
      0x00,
      0x00,
      0xff,
      0xff,
    ])
    const joined = new Uint8Array([...stretch, ...stretch, ...EMPTY_FINAL_BLOCK])
    expect(new TextDecoder().decode(inflateRawSync(joined))).toBe('abcabc')
  })

  it('a fixed block ending inside a byte: still inflates, joined with others', () => {
    const writer = fixedHeader(new BitWriter())
      .code(0b00110000 + 0x61, 8)
      .code(0, 7)
    const stretch = asFlushedStretch(writer.done())
    const joined = new Uint8Array([...stretch, ...stretch, ...EMPTY_FINAL_BLOCK])
    expect(new TextDecoder().decode(inflateRawSync(joined))).toBe('aa')
  })
})
