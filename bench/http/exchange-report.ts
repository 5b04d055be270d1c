/**
 * The "Node adapter without sockets" section of `npm run bench`: runs `exchange.ts` in
 * its own process and writes its figures and profile as markdown.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ExchangeResult, ProfileFrame } from './exchange.js'

const here = dirname(fileURLToPath(import.meta.url))

export interface ExchangeReport {
  readonly results: readonly ExchangeResult[]
  readonly profile: readonly ProfileFrame[]
}

export function exchangeBench(): ExchangeReport {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'exchange.ts')],
    {
      cwd: resolve(here, '../..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    },
  )
  if (run.status !== 0) throw new Error(`exchange bench failed (${run.status})`)
  return JSON.parse(run.stdout) as ExchangeReport
}

export function exchangeMarkdown(report: ExchangeReport): string {
  const bare = report.results.find((r) => r.id === 'bare')!.ns
  const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`
  return [
    '## Node adapter without sockets',
    '',
    'Whole exchanges through each listener on `IncomingMessage` and `ServerResponse` objects with no socket, one after another in one process: JavaScript only, no system calls and no load generator. Median of 7 interleaved rounds of 20,000 exchanges.',
    '',
    '| listener | per exchange | over the bare listener |',
    '| --- | ---: | ---: |',
    ...report.results.map(
      (r) =>
        `| ${r.label} | ${us(r.ns)} | ${r.id === 'bare' ? '—' : us(r.ns - bare)} |`,
    ),
    '',
    'Where shallot/node with 10 layers, answering `new Response(text)`, spends that time (CPU profile, self time, idle left out):',
    '',
    '| frame | share |',
    '| --- | ---: |',
    ...report.profile.map((f) => `| ${f.frame} | ${(f.share * 100).toFixed(1)}% |`),
  ].join('\n')
}
