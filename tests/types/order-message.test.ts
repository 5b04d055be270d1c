/**
 * The order error as the compiler prints it: its first line names the missing key and
 * the entry, whether the stack is written inline or kept in a variable. The stacks are
 * compiled from memory with the repository's compiler options.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const file = join(root, 'tests/types/order-message.virtual.ts')

const source = `
import { createHandler, provide, type Middleware } from '../../src/index.js'
const session: Middleware<{}, { session: string }> = (g) => (r) => g(provide(r, { session: 's' }))
const user: Middleware<{ session: string }, { user: string }> = (g) => (r) => g(provide(r, { user: r.session }))
const plain: Middleware = (g) => g
export const inline = createHandler({ middleware: [plain, plain, user, session], view: () => new Response('') })
const stack = [plain, plain, plain, user, session, plain, plain, plain, plain, plain] as const
export const variable = createHandler({ middleware: stack, view: () => new Response('') })
const loose = [plain, user, session]
export const array = createHandler({ middleware: loose, view: () => new Response('') })
`

/** The first line of each error the compiler reports for the virtual file. */
function firstLines(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!
  const host = ts.createCompilerHost(config.options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (name, language) =>
    resolve(name) === file
      ? ts.createSourceFile(name, source, language)
      : read(name, language)
  const exists = host.fileExists.bind(host)
  host.fileExists = (name) => resolve(name) === file || exists(name)
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!)
}

describe('the order error’s first line', () => {
  const lines = firstLines()

  it('is one error per misordered stack, and nothing else', () => {
    expect(lines).toHaveLength(3)
  })

  it('inline: names the missing key and the entry', () => {
    expect(lines[0]).toMatch(/NeedsAnOuterLayerToProvide<"session", "middleware\[2\]">/)
  })

  it('in a variable: the same, even past ten entries', () => {
    expect(lines[1]).toMatch(/NeedsAnOuterLayerToProvide<"session", "middleware\[3\]">/)
  })

  it('an array without as const: says its order cannot be seen', () => {
    expect(lines[2]).toMatch(
      /NeedsAnOuterLayerToProvide<"session", "middleware\[0\] and after: an array, whose order the compiler cannot see/,
    )
  })
})
