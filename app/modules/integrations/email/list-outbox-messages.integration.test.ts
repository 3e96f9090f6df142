import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../../tests/support/factories'
import { listOutboxMessages } from './list-outbox-messages.server'

let clock = Date.UTC(2026, 10, 1, 12, 0, 0)
/** An admin who is the recipient of none of these emails. */
const viewer = { email: 'viewing-admin@example.test', impersonating: false }

async function email(data: { to: string; organizationId?: string | null; subject?: string; tag?: string; carriesSecret?: boolean }) {
  clock += 1000
  return prisma.emailMessage.create({
    data: {
      to: data.to,
      organizationId: data.organizationId ?? null,
      subject: data.subject ?? `Subject ${clock}`,
      textBody: 'Hello',
      tag: data.tag ?? 'invitation',
      carriesSecret: data.carriesSecret ?? false,
      status: 'captured',
      createdAt: new Date(clock),
    },
  })
}

async function twoOrganizations() {
  const ours = await createOrganization()
  const theirs = await createOrganization()
  const member = await createUser({ organizationId: ours.id, email: `member-${ours.slug}@example.test` })
  const outsider = await createUser({ organizationId: theirs.id, email: `outsider-${theirs.slug}@example.test` })
  return { ours, theirs, member, outsider }
}

describe('listOutboxMessages', () => {
  it('lists the organization’s emails and platform emails to its members, never another organization’s', async () => {
    const { ours, theirs, member, outsider } = await twoOrganizations()
    const invitation = await email({ to: 'new.hire@example.test', organizationId: ours.id, subject: 'Join us' })
    // A platform email (no organization) to a member, with the address in another case.
    const recovery = await email({ to: member.email.toUpperCase(), subject: 'Recover', tag: 'recovery-link' })
    await email({ to: outsider.email, subject: 'Their recovery', tag: 'recovery-link' })
    await email({ to: 'someone@example.test', organizationId: theirs.id, subject: 'Their invitation' })
    // Another organization's email to one of our members is still theirs.
    await email({ to: member.email, organizationId: theirs.id, subject: 'Their email to our member' })

    const page = await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 50 })

    expect(page.items.map((m) => m.subject)).toEqual(['Recover', 'Join us'])
    expect(page.total).toBe(2)
    expect(page.items[0]).toEqual({
      id: recovery.id,
      createdAt: recovery.createdAt.toISOString(),
      sentAt: null,
      to: member.email.toUpperCase(),
      subject: 'Recover',
      tag: 'recovery-link',
      status: 'captured',
      error: null,
      providerMessageId: null,
      carriesSecret: false,
      bodyHidden: false,
      textBody: 'Hello',
    })
    expect(page.items[1]?.id).toBe(invitation.id)

    const theirPage = await listOutboxMessages({ organizationId: theirs.id, viewer, pageSize: 50 })
    expect(theirPage.items.map((m) => m.subject)).toEqual(['Their email to our member', 'Their invitation', 'Their recovery'])
  })

  it('filters by part of the recipient address, ignoring case, within the same scope', async () => {
    const { ours, theirs } = await twoOrganizations()
    await email({ to: 'ada@example.test', organizationId: ours.id, subject: 'A' })
    await email({ to: 'grace@example.test', organizationId: ours.id, subject: 'G' })
    await email({ to: 'ada@example.test', organizationId: theirs.id, subject: 'Theirs' })

    const page = await listOutboxMessages({ organizationId: ours.id, viewer, recipient: ' ADA@ ', pageSize: 50 })
    expect(page.items.map((m) => m.subject)).toEqual(['A'])
    expect(page.total).toBe(1)
  })

  it('pages newest first with stable cursors both ways', async () => {
    const { ours } = await twoOrganizations()
    for (let i = 1; i <= 5; i++) await email({ to: `p${i}@example.test`, organizationId: ours.id, subject: `#${i}` })

    const first = await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 2 })
    expect(first.items.map((m) => m.subject)).toEqual(['#5', '#4'])
    expect(first.total).toBe(5)
    expect(first.prevCursor).toBeNull()

    const second = await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 2, after: first.nextCursor })
    expect(second.items.map((m) => m.subject)).toEqual(['#3', '#2'])

    const third = await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 2, after: second.nextCursor })
    expect(third.items.map((m) => m.subject)).toEqual(['#1'])
    expect(third.nextCursor).toBeNull()

    const back = await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 2, before: third.prevCursor })
    expect(back.items.map((m) => m.subject)).toEqual(['#3', '#2'])
  })

  it('is empty for an organization that sent nothing', async () => {
    const { ours } = await twoOrganizations()
    expect(await listOutboxMessages({ organizationId: ours.id, viewer, pageSize: 50 })).toEqual({
      items: [],
      total: 0,
      nextCursor: null,
      prevCursor: null,
    })
  })

  it('withholds a secret-bearing body from everyone but its recipient, who is never an impersonator', async () => {
    const { ours, member } = await twoOrganizations()
    await email({ to: member.email, subject: 'Secret', tag: 'recovery-link', carriesSecret: true })
    await email({ to: member.email, subject: 'Notice', tag: 'security-notice', carriesSecret: false })
    const read = async (who: { email: string; impersonating: boolean }) =>
      Object.fromEntries(
        (await listOutboxMessages({ organizationId: ours.id, viewer: who, pageSize: 50 })).items.map((m) => [m.subject, m.textBody]),
      )

    expect(await read(viewer)).toEqual({ Secret: null, Notice: 'Hello' })
    expect(await read({ email: member.email.toUpperCase(), impersonating: false })).toEqual({ Secret: 'Hello', Notice: 'Hello' })
    expect(await read({ email: member.email, impersonating: true })).toEqual({ Secret: null, Notice: 'Hello' })
  })
})
