#!/usr/bin/env node
// The `shallot-migrate` executable (package.json `bin`); the command is migrate-cli.ts.
import { runAsProcess } from './migrate-cli.js'

await runAsProcess(process)
