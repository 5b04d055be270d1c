/**
 * Serves the users API on Node: `API_TOKEN=secret npx tsx docs/examples/users-api/server.ts`
 * (`PORT` defaults to 3000, `0` picks a free one; `CORS_ORIGINS`, comma-separated,
 * defaults to any origin). Ctrl+C stops it.
 * @module
 */
import { serve } from 'shallot/node'
import { createApp } from './app.js'

const app = createApp({
  token: process.env.API_TOKEN ?? '',
  origins: process.env.CORS_ORIGINS?.split(',') ?? '*',
})
const server = serve(app, { port: Number(process.env.PORT ?? 3000) })
console.log(`users API on ${(await server.ready).url}`)
process.once('SIGINT', () => void server.close())
process.once('SIGTERM', () => void server.close())
