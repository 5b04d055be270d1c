/**
 * The one home of how messages name values: every message that says what came
 * instead (D1, D7, N5) or quotes a bad option reads the same of the same value.
 */
import { describe, expect, it } from 'vitest'
import * as naming from '../../../src/internal/describe.js'

class Auth {}
const anonymous = new [class {}][0]!()

describe('describe: what a value is', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['x', 'a string'],
    [3, 'a number'],
    [true, 'a boolean'],
    [10n, 'a bigint'],
    [Symbol('s'), 'a symbol'],
    [() => {}, 'a function'],
    [[1, 2], 'an array'],
    [{}, 'an object'],
    [Object.create(null), 'an object'],
    [anonymous, 'an object'],
    [new Auth(), 'an instance of Auth'],
    [new Map(), 'an instance of Map'],
    [{ constructor: { name: 42 } }, 'an object'],
  ])('%o is %s', (value, described) => {
    expect(naming.describe(value)).toBe(described)
  })

  it('an object whose `constructor` cannot be read is `an object`, never a throw', () => {
    const hostile = Object.defineProperty({}, 'constructor', {
      get() {
        throw new Error('constructor getter')
      },
    })
    expect(naming.describe(hostile)).toBe('an object')
    expect(naming.typeName(hostile, 'class')).toBe('object')
  })

  it('with classes: false, an instance is `an object` too (fromKoa)', () => {
    expect(naming.describe(new Auth(), { classes: false })).toBe('an object')
    expect(naming.describe([], { classes: false })).toBe('an array')
    expect(naming.describe('x', { classes: false })).toBe('a string')
  })
})

describe('show: a value as a message quotes it', () => {
  it.each([
    ['yes', '"yes"'],
    ['say "hi"', '"say \\"hi\\""'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [false, 'false'],
    [null, 'null'],
    [undefined, 'undefined'],
    [/^x$/i, '/^x$/i'],
    [[], '[]'],
    [['zstd'], '["zstd"]'],
    [['a', 1, null, [2]], '["a", 1, null, an array]'],
    [{ a: 1 }, 'an object'],
    [new Auth(), 'an instance of Auth'],
    [() => {}, 'a function'],
  ])('%o as %s', (value, shown) => {
    expect(naming.show(value)).toBe(shown)
  })

  it('in single quotes where a message writes its expected values so (cors, conditionalGet)', () => {
    expect(naming.show('yes', "'")).toBe("'yes'")
    expect(naming.show(['GET', 'x y'], "'")).toBe("['GET', 'x y']")
    expect(naming.show(42, "'")).toBe('42')
  })
})

describe('typeName: a type in one word', () => {
  it.each([
    [null, 'null', 'null', 'null'],
    [undefined, 'undefined', 'undefined', 'undefined'],
    ['x', 'string', 'string', 'string'],
    [() => {}, 'function', 'function', 'function'],
    [{}, 'object', 'Object', 'a Object'],
    [new TypeError('x'), 'object', 'TypeError', 'a TypeError'],
    [new Map(), 'object', 'Map', 'a Map'],
    [Object.create(null), 'object', 'object', 'an object'],
  ])('%o: %s, %s, %s', (value, plain, byClass, withArticle) => {
    expect(naming.typeName(value)).toBe(plain)
    expect(naming.typeName(value, 'object')).toBe(plain)
    expect(naming.typeName(value, 'class')).toBe(byClass)
    expect(naming.typeName(value, 'a class')).toBe(withArticle)
  })
})

describe('nameOf and isClass', () => {
  it('nameOf: the name, or `anonymous` for none or one that is not a string', () => {
    expect(naming.nameOf(function auth() {})).toBe('auth')
    expect(naming.nameOf(Auth)).toBe('Auth')
    expect(naming.nameOf([() => {}][0]!)).toBe('anonymous')
    const renamed = () => {}
    Object.defineProperty(renamed, 'name', { value: 7 })
    expect(naming.nameOf(renamed)).toBe('anonymous')
  })

  it('isClass: a function written with `class`', () => {
    expect(naming.isClass(Auth)).toBe(true)
    expect(naming.isClass(class {})).toBe(true)
    expect(naming.isClass(function Auth() {})).toBe(false)
    expect(naming.isClass(() => {})).toBe(false)
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a method taken off its object
    expect(naming.isClass({ classify() {} }.classify)).toBe(false)
  })
})
