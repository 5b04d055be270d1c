/**
 * The systems the bench compares, in table order: ids and labels only, so that the
 * report can be written without loading any of them.
 *
 * @module
 */
export const catalog = [
  { id: 'sync', label: 'hand-written sync closures (floor)' },
  { id: 'async', label: 'hand-written async closures (baseline)' },
  {
    id: 'asyncCatch',
    label: 'hand-written async closures + `.catch(convert)` per layer',
  },
  { id: 'compose', label: 'shallot compose' },
  { id: 'createHandler', label: 'shallot createHandler' },
  { id: 'fromHooks', label: 'shallot createHandler + fromHooks' },
  {
    id: 'fromKoa',
    label: 'shallot createHandler + fromKoa (one pass-through Koa function each)',
  },
  {
    id: 'fromMiddy',
    label: 'shallot createHandler + fromMiddy (one `{ before() {} }` each)',
  },
  { id: 'koa', label: 'koa-compose' },
  { id: 'honoCompose', label: 'Hono compose (dispatcher + Context)' },
  { id: 'honoApp', label: 'Hono app.fetch' },
  { id: 'middy', label: 'Middy (sync before/after)' },
] as const

export type SystemId = (typeof catalog)[number]['id']
