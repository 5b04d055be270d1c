/** What is awaited as a promise: anything with a callable `then`, as `await` decides. */
import { describe, expect, it } from 'vitest'
import { isThenable } from '../../../src/internal/thenable.js'

describe('isThenable', () => {
  it.each([
    ['a promise', Promise.resolve(1), true],
    ['a thenable of another library', { then: () => {} }, true],
    ['a function with then', Object.assign(() => {}, { then: () => {} }), true],
    ['a response', new Response('x'), false],
    ['then that is not a function', { then: 1 }, false],
    ['null', null, false],
    ['undefined', undefined, false],
    ['a string', 'then', false],
  ])('%s: %s', (_, value, expected) => {
    expect(isThenable(value)).toBe(expected)
  })
})
