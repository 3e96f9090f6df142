import { describe, expect, it } from 'vitest'
import { seedDemoOrganization } from '~/modules/orgs/seed-demo-organization.server'
import { prisma } from '~/utils/db.server'
import { createUser, sessionCookieFor } from '../../../tests/support/factories'
import { asOwner } from '../../../tests/support/owner-database'
import { listLeads } from './list-leads.server'

describe('listLeads', () => {
  it('pages through an organization’s leads newest first, forward and back, without gaps or repeats', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 120 })
    const seen: string[] = []
    let page = await listLeads({ organizationId: organization.id, pageSize: 50 })
    expect(page.total).toEqual({ kind: 'exact', count: 120 })
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

  it('pages without gaps or repeats when many leads share one created_at (an import chunk is one transaction)', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 45 })
    await prisma.lead.updateMany({ where: { organizationId: organization.id }, data: { createdAt: new Date('2026-11-01T00:00:00.000Z') } })
    const all = (await prisma.lead.findMany({ where: { organizationId: organization.id }, select: { id: true } })).map((l) => l.id)
    const newestFirst = [...all].sort().reverse()
    const pages: string[][] = []
    let page = await listLeads({ organizationId: organization.id, pageSize: 10 })
    for (;;) {
      pages.push(page.items.map((i) => i.id))
      if (!page.nextCursor) break
      page = await listLeads({ organizationId: organization.id, pageSize: 10, after: page.nextCursor })
    }
    expect(pages.flat()).toEqual(newestFirst)
    expect(pages.length).toBe(Math.ceil(all.length / 10))
    const back = await listLeads({ organizationId: organization.id, pageSize: 10, before: page.prevCursor })
    expect(back.items.map((i) => i.id)).toEqual(pages[pages.length - 2])
  })

  it('pages oldest first, forward and back, as the exact reverse of newest first (ties on created_at too)', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 45 })
    // Half the leads share one created_at (an import chunk), so the id breaks ties in both orders.
    const some = await prisma.lead.findMany({ where: { organizationId: organization.id }, select: { id: true }, take: 18 })
    await prisma.lead.updateMany({ where: { id: { in: some.map((l) => l.id) } }, data: { createdAt: new Date('2026-11-01T00:00:00.000Z') } })
    const walk = async (order: 'newest' | 'oldest') => {
      const pages: string[][] = []
      let page = await listLeads({ organizationId: organization.id, pageSize: 10, order })
      expect(page.prevCursor).toBeNull()
      for (;;) {
        pages.push(page.items.map((i) => i.id))
        if (!page.nextCursor) break
        page = await listLeads({ organizationId: organization.id, pageSize: 10, order, after: page.nextCursor })
      }
      const back = await listLeads({ organizationId: organization.id, pageSize: 10, order, before: page.prevCursor })
      expect(back.items.map((i) => i.id)).toEqual(pages[pages.length - 2])
      return pages
    }
    const count = await prisma.lead.count({ where: { organizationId: organization.id } })
    const newest = (await walk('newest')).flat()
    const oldest = await walk('oldest')
    expect(new Set(newest).size).toBe(count)
    expect(oldest.flat()).toEqual([...newest].reverse())
    expect(oldest.length).toBe(Math.ceil(count / 10))
  })

  it('never counts all of a large organization’s leads: exact up to the cap, then the planner’s estimate', async () => {
    const { organization } = await seedDemoOrganization({ leadCount: 120 })
    const leads = await prisma.lead.count({ where: { organizationId: organization.id } })
    expect(leads).toBeGreaterThan(100)
    expect((await listLeads({ organizationId: organization.id, pageSize: 10, totalCap: leads })).total).toEqual({ kind: 'exact', count: leads })
    // No statistics yet: only what the capped count saw.
    expect((await listLeads({ organizationId: organization.id, pageSize: 10, totalCap: 100 })).total).toEqual({ kind: 'more-than', count: 100 })
    await asOwner((owner) => owner.query('ANALYZE leads'))
    const estimated = await listLeads({ organizationId: organization.id, pageSize: 10, totalCap: 100 })
    expect(estimated.total.kind).toBe('about')
    expect(estimated.total.count).toBeGreaterThanOrEqual(leads * 0.9)
    expect(estimated.total.count).toBeLessThanOrEqual(leads * 1.1)
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
    expect((await listLeads({ organizationId: stranger.organizationId, pageSize: 50 })).total).toEqual({ kind: 'exact', count: 0 })
  })
})
