/** The built-in middleware on the real workerd binary. */
import { fileURLToPath } from 'node:url'
import { middlewareSuite } from './middleware-suite.js'
import { startWorkerd } from './workerd-server.js'

const entry = fileURLToPath(new URL('entries/middleware-workerd.ts', import.meta.url))

middlewareSuite('workerd', () => startWorkerd(entry))
