import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber } from '../../../tests/support/leads'
import { exportLeadsCsv } from './export-leads-csv.server'
import { leadFilter } from './lead-filter'

async function read(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text()
}

describe('exportLeadsCsv', () => {
  it('streams every lead the filter matches, newest first, across batches, masked without the permission, audited', async () => {
    const org = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    const phones = Array.from({ length: 5 }, () => freshNumber('512'))
    const { leads } = await createLeads(org.id, phones.map((phone) => ({ phone })))
    for (const [i, lead] of leads.entries()) await prisma.lead.update({ where: { id: lead.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), tags: i === 2 ? ['vacant'] : ['absentee'] } })

    const all = (await read(await exportLeadsCsv({ organizationId: org.id, actor, filter: leadFilter.parse({ tag: 'absentee' }), showNumbers: true, batchSize: 2 }))).trimEnd().split('\r\n')
    expect(all[0]).toBe('lead_id,full_name,first_name,last_name,phone,phone_line_type,address,city,state,zip,status,grade,tags,created_at')
    expect(all.slice(1).map((line) => line.split(',')[0])).toEqual([leads[4]!.id, leads[3]!.id, leads[1]!.id, leads[0]!.id])
    // A number is text to a spreadsheet, never a formula (the leading + is quoted).
    expect(all[1]).toContain(`'${phones[4]}`)

    const masked = await read(await exportLeadsCsv({ organizationId: org.id, actor, filter: {}, showNumbers: false }))
    expect(masked).toContain(`+1 (512) ***-${phones[0]!.slice(-4)}`)
    expect(masked).not.toContain(phones[0]!.slice(2))
    expect(masked.trimEnd().split('\r\n')).toHaveLength(6)
    const audits = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: 'leads.exported' }, orderBy: { createdAt: 'asc' } })
    expect(audits.map((a) => a.summary)).toEqual([{ filter: { tag: 'absentee' }, fullNumbers: true }, { filter: {}, fullNumbers: false }])
  })
})
