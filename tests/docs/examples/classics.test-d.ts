// Type tests for the classic examples: the typed pair's order check, and the hook
// classes as the runners' types see them.
import { describe, expectTypeOf, it } from 'vitest'
import { createHandler, type Middleware, type Req } from 'shallot'
import { fromHooks, legacyStack, type HookClass } from 'shallot/legacy'
import { classes } from '../../../docs/examples/classics/both-styles.js'
import { ConflictMiddleware } from '../../../docs/examples/classics/conflict.js'
import { IpAllowListMiddleware } from '../../../docs/examples/classics/ip-allow-list.js'
import {
  organization,
  subdomain,
  type Organization,
} from '../../../docs/examples/classics/organization.js'

describe('organization.ts', () => {
  it('subdomain then organization compiles, and the view sees both', () => {
    createHandler({
      middleware: [subdomain, organization],
      view: (request) => {
        expectTypeOf(request).toEqualTypeOf<
          Req<{ subdomain: string | null } & { organization: Organization }>
        >()
        return new Response(request.organization.name)
      },
    })
  })

  it('organization outside subdomain does not compile', () => {
    createHandler({
      // @ts-expect-error -- organization needs subdomain, provided only further in
      middleware: [organization, subdomain],
      view: () => new Response('x'),
    })
  })

  it('organization alone does not compile', () => {
    createHandler({
      // @ts-expect-error -- nothing provides subdomain
      middleware: [organization],
      view: () => new Response('x'),
    })
  })

  it('the pair declares what it needs and provides', () => {
    expectTypeOf(subdomain).toEqualTypeOf<
      Middleware<{}, { subdomain: string | null }>
    >()
    expectTypeOf(organization).toEqualTypeOf<
      Middleware<{ subdomain: string | null }, { organization: Organization }>
    >()
  })
})

describe('the hook classes', () => {
  it('fit both runners unchanged', () => {
    expectTypeOf(IpAllowListMiddleware).toMatchTypeOf<HookClass>()
    expectTypeOf(ConflictMiddleware).toMatchTypeOf<HookClass>()
    legacyStack({ middleware: classes, view: () => new Response('x') })
    createHandler({
      middleware: [fromHooks(IpAllowListMiddleware), fromHooks(ConflictMiddleware)],
      view: () => new Response('x'),
    })
  })
})
