import { describe, expect, it } from 'vitest'
import { seedDemoOrganization } from '~/modules/orgs/seed-demo-organization.server'
import { createUser, sessionCookieFor } from '../../../tests/support/factories'
import { listLeads } from './list-leads.server'

describe('listLeads', () => {
  it('pages through an organization’s leads newest first, forward and back, without gaps or repeats', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 120 })
    const seen: string[] = []
    let page = await listLeads({ organizationId: organization.id, pageSize: 50 })
    expect(page.total).toBe(120)
    expect(page.prevCursor).toBeNull()
    for (;;) {
      seen.push(...page.items.map((i) => i.id))
      if (!page.nextCursor) break
      page = await listLeads({ organizationId: organization.id, pageSize: 50, after: page.nextCursor })
    }
    expect(new Set(seen).size).toBe(120)
    const back = await listLeads({ organizationId: organization.id, pageSize: 50, before: page.prevCursor })
    expect(back.items.map((i) => i.id)).toEqual(seen.slice(50, 100))
  })

  it('masks phone numbers unless the user may see them', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 5 })
    const masked = await listLeads({ organizationId: organization.id, pageSize: 5 })
    const full = await listLeads({ organizationId: organization.id, pageSize: 5, showFullPhoneNumbers: true })
    expect(masked.items[0]!.phone).toMatch(/^\+1 \(\d{3}\) \*\*\*-\d{4}$/)
    expect(full.items[0]!.phone).toMatch(/^\+1\d{10}$/)
  })

  it('shows operators masked numbers and admins full ones on the leads page', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 3 })
    const { loader } = await import('~/routes/_app.leads._index')
    const pageFor = async (role: 'admin' | 'operator') => {
      const user = await createUser({ organizationId: organization.id, role })
      const request = new Request('http://localhost:3000/leads', { headers: { cookie: await sessionCookieFor(user.id) } })
      return loader({ request, params: {}, context: {} })
    }
    expect((await pageFor('operator')).items[0]!.phone).toContain('***')
    expect((await pageFor('admin')).items[0]!.phone).not.toContain('***')
  })

  it('never shows another organization’s leads', async () => {
    await seedDemoOrganization({ leadCount: 3 })
    const stranger = await createUser()
    expect((await listLeads({ organizationId: stranger.organizationId, pageSize: 50 })).total).toBe(0)
  })
})
