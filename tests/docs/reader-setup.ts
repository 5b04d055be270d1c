/**
 * The reader's tutorial folder, rebuilt in a temporary directory: the `package.json`
 * and `tsconfig.json` of part 1, the files a page captions, and `shallot` installed as
 * the reader's `npm install` would (its entry points mapped to the repository's
 * sources, which tsx runs and the compiler reads). Runs the commands the pages show
 * (`npx tsx`, `npx tsc`, `curl`) and returns what they print. Used by outputs.test.ts.
 */
import { spawn } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { ENTRIES } from '../../scripts/entries.js'
import { spawnRuntime, type SpawnedRuntime } from '../runtimes/spawn.js'
import { root } from './blocks.js'

/** Where the pages say the reader's folder is; absolute paths are shown as this. */
export const READER_DIR = '/home/you/shallot-tutorial'

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
/** How long a command may run, and how long a server has to say it is listening. */
const COMMAND_TIMEOUT_MS = 20_000

/** A file of the reader's folder. */
export interface ReaderFile {
  readonly content: string
  /** The page marks its block `no-run: starts a server ...`: `npx tsx` keeps it running. */
  readonly server: boolean
}

interface Server {
  readonly runtime: SpawnedRuntime
  /** The port the page's code asks for, and the one the server really got. */
  readonly shownPort: number
  readonly port: number
}

/** One reader's folder in a temporary directory; `close()` stops servers, removes it. */
export class ReaderFolder {
  readonly dir = mkdtempSync(join(tmpdir(), 'shallot-reader-'))
  private readonly servers: Server[] = []
  private readonly agent = new Agent({ keepAlive: true })

  constructor() {
    installShallot(this.dir)
  }

  /** Writes the files (names relative to the folder), replacing earlier contents. */
  write(files: ReadonlyMap<string, ReaderFile>): void {
    for (const [name, file] of files) {
      const path = join(this.dir, name)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, file.server ? onAnyPort(file.content) : file.content)
    }
  }

  /** Runs a command line of the page (`a && b` runs both) and returns what it printed. */
  async run(command: string, files: ReadonlyMap<string, ReaderFile>): Promise<string> {
    let printed = ''
    for (const part of command.split(/\s+&&\s+/)) {
      const words = shellWords(part)
      if (words[0] === 'npx' && words[1] === 'tsx' && words.length >= 3) {
        const [name, ...args] = words.slice(2) as [string, ...string[]]
        const file = files.get(name)
        if (file === undefined) throw new Error(`no file ${name} written before`)
        printed += file.server
          ? await this.startServer(name, file.content)
          : await this.runTsx(name, args)
      } else if (words[0] === 'npx' && words[1] === 'tsc' && words.length === 2) {
        printed += compile(this.dir)
      } else if (part === 'npm pack') {
        // Packing is the package check's job; what it prints is the file's name.
        const { name, version } = JSON.parse(
          readFileSync(join(root, 'package.json'), 'utf8'),
        ) as { name: string; version: string }
        printed += `${name}-${version}.tgz\n`
      } else if (words[0] === 'curl') {
        printed += await this.curl(words.slice(1))
      } else {
        throw new Error(`outputs.test.ts does not know how to run \`${part}\``)
      }
    }
    return printed
  }

  /** Stops every server (Ctrl+C, then kill) and removes the folder. */
  async close(): Promise<void> {
    this.agent.destroy()
    await Promise.all(this.servers.map((server) => server.runtime.stop(1_000)))
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Output normalised for comparison: this folder's path and real ports as shown. */
  normalise(text: string): string {
    let result = text.split(`file://${this.dir}`).join(`file://${READER_DIR}`)
    result = result.split(this.dir).join(READER_DIR)
    for (const server of this.servers)
      result = result.replace(
        new RegExp(`(127\\.0\\.0\\.1|localhost):${server.port}\\b`, 'g'),
        `$1:${server.shownPort}`,
      )
    return result
  }

  /** `npx tsx <file>`: stdout and stderr in the order written, as a terminal shows. */
  private runTsx(file: string, args: readonly string[]): Promise<string> {
    const out = join(this.dir, '.output')
    const fd = openSync(out, 'w')
    const child = spawn(process.execPath, [tsxCli, file, ...args], {
      cwd: this.dir,
      env: readerEnv(),
      stdio: ['ignore', fd, fd],
    })
    closeSync(fd)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS)
      child.on('error', reject)
      child.on('exit', (code, signal) => {
        clearTimeout(timer)
        const printed = readFileSync(out, 'utf8')
        rmSync(out)
        if (signal !== null)
          reject(new Error(`npx tsx ${file} was stopped (${signal}):\n${printed}`))
        else if (code !== 0)
          reject(new Error(`npx tsx ${file} exited with ${code}:\n${printed}`))
        else resolve(printed)
      })
    })
  }

  /**
   * `npx tsx <server file>`: starts it (in a process group, with the runtime tests'
   * watchdog, so that it cannot outlive the test run) and returns what it printed
   * once it says `listening on <url>`.
   */
  private async startServer(file: string, content: string): Promise<string> {
    const shownPort = Number(/\bport: (\d+)/.exec(content)?.[1] ?? 0)
    const runtime = spawnRuntime(process.execPath, [tsxCli, file], {
      cwd: this.dir,
      env: readerEnv(),
      maxLifetimeMs: 120_000,
    })
    this.servers.push({ runtime, shownPort, port: -1 })
    const [, port] = await runtime.waitFor(
      /listening on \S*:(\d+)\S*\n/,
      COMMAND_TIMEOUT_MS,
    )
    this.servers[this.servers.length - 1] = { runtime, shownPort, port: Number(port) }
    return runtime.output()
  }

  /**
   * `curl [-i] [-X METHOD] [-H 'name: value']... URL` against a server this folder
   * started, printed as curl prints it: with `-i`, the status line and the headers
   * as the server wrote them, a blank line, then the body.
   */
  private curl(args: string[]): Promise<string> {
    let include = false
    let method = 'GET'
    const headers: [string, string][] = []
    let url: string | undefined
    for (let index = 0; index < args.length; index++) {
      const arg = args[index]!
      if (arg === '-i') include = true
      else if (arg === '-s' || arg === '-N') continue
      else if (arg === '-X') method = args[++index] ?? method
      else if (arg === '-H') {
        const header = args[++index] ?? ''
        const colon = header.indexOf(':')
        headers.push([header.slice(0, colon), header.slice(colon + 1).trim()])
      } else if (!arg.startsWith('-')) url = arg
      else throw new Error(`outputs.test.ts does not know curl's ${arg}`)
    }
    if (url === undefined) throw new Error('curl without a URL')
    const target = new URL(url)
    const server = this.servers.find((s) => String(s.shownPort) === target.port)
    if (server === undefined) throw new Error(`no server of this page on ${url}`)
    target.port = String(server.port)
    const sent = new Map<string, [string, string]>([
      ['user-agent', ['User-Agent', 'curl/8.5.0']],
      ['accept', ['Accept', '*/*']],
    ])
    for (const [name, value] of headers) sent.set(name.toLowerCase(), [name, value])
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        target,
        { method, agent: this.agent, headers: [...sent.values()].flat() },
        (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          res.on('error', reject)
          res.on('end', () => {
            if (!include) return resolve(body)
            const lines = [
              `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`,
            ]
            for (let index = 0; index < res.rawHeaders.length; index += 2)
              lines.push(`${res.rawHeaders[index]}: ${res.rawHeaders[index + 1]}`)
            resolve(`${lines.join('\n')}\n\n${body}`)
          })
        },
      )
      req.on('error', reject)
      req.end()
    })
  }
}

/**
 * `node_modules/shallot` as `npm install` makes it, but with each entry point mapped
 * to its source (`exports` of `.ts` files, `src` and `adapters` linked): the package
 * check builds `dist/` only at the end of `npm test`. `@types/node` comes from the
 * repository, as the tutorial's `npm install` gets it.
 */
function installShallot(dir: string): void {
  const pkg = join(dir, 'node_modules', 'shallot')
  mkdirSync(pkg, { recursive: true })
  const exports: Record<string, string> = {}
  for (const entry of ENTRIES)
    exports[entry.name.replace(/^shallot/, '.')] = `./${entry.source}`
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'shallot', type: 'module', exports }),
  )
  for (const folder of ['src', 'adapters'])
    symlinkSync(join(root, folder), join(pkg, folder), 'junction')
  mkdirSync(join(dir, 'node_modules', '@types'))
  symlinkSync(
    join(root, 'node_modules', '@types', 'node'),
    join(dir, 'node_modules', '@types', 'node'),
    'junction',
  )
}

/**
 * `npx tsc` in the folder, as a terminal shows it (`--pretty`, colours removed):
 * TypeScript's own formatting, with the reader's `tsconfig.json`. Only the reader's
 * files are reported: shallot's sources stand in for the package's declaration files,
 * which the reader's compiler would not check.
 */
export function compile(dir: string): string {
  const read = ts.readConfigFile(join(dir, 'tsconfig.json'), (path) =>
    ts.sys.readFile(path),
  )
  if (read.error !== undefined) return format([read.error], dir)
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir)
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    configFileParsingDiagnostics: parsed.errors,
  })
  const own = program
    .getSourceFiles()
    .filter(
      (file) => file.fileName.startsWith(dir) && !/node_modules/.test(file.fileName),
    )
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ]
  return format(diagnostics, dir)
}

/** Diagnostics as `tsc --pretty` prints them, summary line included, no colours. */
function format(diagnostics: readonly ts.Diagnostic[], dir: string): string {
  if (diagnostics.length === 0) return ''
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  }
  const text = ts.formatDiagnosticsWithColorAndContext(diagnostics, host)
  const located = diagnostics.filter(
    (d) => d.file !== undefined && d.start !== undefined,
  )
  const files = new Set(located.map((d) => d.file!.fileName))
  const where = (d: ts.Diagnostic) =>
    `${d.file!.fileName.slice(dir.length + 1)}:${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}`
  const count = diagnostics.length
  let summary: string
  if (count === 1 && located.length === 1)
    summary = `Found 1 error in ${where(located[0]!)}`
  else if (files.size === 1 && located.length === count)
    summary = `Found ${count} errors in the same file, starting at: ${where(located[0]!)}`
  else summary = `Found ${count} errors.`
  return `${text}\n${summary}\n\n`
}

/** The reader's environment: no colours, none of the test runner's variables. */
function readerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' }
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot'])
    if (process.env[name] !== undefined) env[name] = process.env[name]
  return env
}

/** A server file made to listen on a port the system picks (`port: 3000` -> `port: 0`). */
function onAnyPort(content: string): string {
  return content.replace(/\bport: \d+/g, 'port: 0')
}

/** Splits a command line into words, with '...' and "..." quoting, as sh does. */
export function shellWords(line: string): string[] {
  const words: string[] = []
  for (const match of line.matchAll(/'([^']*)'|"((?:\\.|[^"])*)"|(\S+)/g))
    words.push(match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? match[3]!)
  return words
}
