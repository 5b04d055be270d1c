#!/usr/bin/env node
// The `shallot-migrate` executable (package.json `bin`); the command is migrate-cli.ts.
import { main } from './migrate-cli.js'

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
})
