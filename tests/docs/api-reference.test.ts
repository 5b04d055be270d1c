// The generated API reference (`npm run docs:api`, TypeDoc with typedoc.json) must
// build without a single warning, so this runs TypeDoc's conversion and validation
// without writing anything and fails on any warning, listed:
//
// - an export, or a member of an exported type (an option, a property, a method),
//   without a TSDoc comment (`notDocumented`);
// - a `{@link}` that resolves to nothing (`invalidLink`);
// - an exported signature that uses a type the entry point does not export
//   (`notExported`), so that a reader could not name it.
//
// It also checks that typedoc.json documents exactly the package's entry points, so a
// new entry in package.json `exports` cannot be left out of the reference.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc'
import { describe, expect, it } from 'vitest'
import { rel, root } from './blocks.js'
import { entryPoints } from './tsdoc.js'

/** Keeps every warning and error instead of printing it. */
class CollectingLogger extends Logger {
  readonly problems: string[] = []

  override log(message: string, level: LogLevel): void {
    super.log(message, level)
    if (level >= LogLevel.Warn) this.problems.push(message)
  }
}

const config = join(root, 'typedoc.json')

describe('API reference (TypeDoc)', () => {
  it('documents exactly the entry points of package.json exports', () => {
    const { entryPoints: configured } = JSON.parse(readFileSync(config, 'utf8')) as {
      entryPoints: string[]
    }
    const expected = entryPoints().map((entry) => rel(entry.source))
    expect([...configured].sort()).toEqual([...expected].sort())
  })

  it('converts and validates without a warning', async () => {
    const logger = new CollectingLogger()
    const app = await Application.bootstrap(
      // Plugins (the Markdown theme) only matter for writing the output.
      { options: config, plugin: [], emit: 'none' },
      [new TypeDocReader(), new TSConfigReader()],
    )
    const bootstrapped = app.logger
    app.logger = logger
    expect(bootstrapped.hasErrors() || bootstrapped.hasWarnings()).toBe(false)
    const project = await app.convert()
    expect(project, 'TypeDoc could not convert the entry points').toBeDefined()
    if (project !== undefined) app.validate(project)
    expect(logger.problems).toEqual([])
  }, 60_000)
})
