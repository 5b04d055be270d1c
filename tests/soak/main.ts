/**
 * `npm run soak`: the fault-injection soak at full size.
 *
 *   node --expose-gc --import tsx tests/soak/main.ts [requests] [--seed=N] [--http=SHARE]
 *
 * Default 1,000,000 requests (or `SOAK_REQUESTS`), 2 % of them over HTTP, a random
 * seed (or `SOAK_SEED`; printed first, so a failing run can be repeated). Prints the
 * figures; exits 1 if any assertion failed.
 */
import { randomInt } from 'node:crypto'
import { runSoak } from './harness.js'
import { formatReport, verdict } from './report.js'

function option(name: string): string | undefined {
  const prefix = `--${name}=`
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length)
}

function numberArg(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback
  const value = Number(text.replaceAll('_', '').replaceAll(',', ''))
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`soak: ${name} must be a number, got ${JSON.stringify(text)}`)
  }
  return value
}

const positional = process.argv.slice(2).find((arg) => !arg.startsWith('--'))
const requests = Math.floor(
  numberArg(positional ?? process.env['SOAK_REQUESTS'], 'the request count', 1_000_000),
)
const seed = numberArg(
  option('seed') ?? process.env['SOAK_SEED'],
  '--seed',
  randomInt(2 ** 31),
)
const httpShare = numberArg(option('http'), '--http', 0.02)
if (httpShare > 1)
  throw new RangeError(`soak: --http is a share from 0 to 1, got ${httpShare}`)

console.log(
  `soak: ${requests.toLocaleString('en')} requests, seed ${seed} (repeat with --seed=${seed}), ${httpShare * 100} % over HTTP`,
)
if (typeof gc !== 'function') {
  console.log(
    'soak: global.gc is missing, so the heap is not checked (run node with --expose-gc)',
  )
}
const report = await runSoak({
  requests,
  seed,
  httpShare,
  progress: (line) => console.log(`soak: ${line}`),
})
console.log(formatReport(report))
const problems = verdict(report)
if (problems.length === 0) {
  console.log('soak: PASS')
} else {
  console.log(`soak: FAIL\n${problems.join('\n')}`)
  process.exitCode = 1
  // Whatever was left behind must not keep a failed run alive.
  if (report.resourcesLeft.length > 0 || report.stuck) process.exit(1)
}
