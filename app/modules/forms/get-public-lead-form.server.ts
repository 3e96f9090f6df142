import { prisma } from '~/utils/db.server'

export type PublicLeadForm = {
  id: string
  organizationId: string
  organizationName: string
  slug: string
  name: string
  headline: string
  intro: string | null
  disclosureText: string
  disclosureVersion: number
  doubleOptIn: boolean
  verticalId: string | null
  /** The key writeLead takes; null: the organization's only vertical. */
  verticalKey: string | null
  tags: string[]
  thankYouText: string
}

/** The form behind a public address, when it exists and is enabled; null otherwise (the page answers 404 either way). */
export async function getPublicLeadForm(options: { slug: string }): Promise<PublicLeadForm | null> {
  if (!/^[A-Za-z0-9_-]{6,40}$/.test(options.slug)) return null
  const form = await prisma.leadForm.findUnique({ where: { slug: options.slug }, include: { organization: { select: { name: true } }, vertical: { select: { key: true } } } })
  if (!form || !form.enabled) return null
  return {
    id: form.id,
    organizationId: form.organizationId,
    organizationName: form.organization.name,
    slug: form.slug,
    name: form.name,
    headline: form.headline,
    intro: form.intro,
    disclosureText: form.disclosureText,
    disclosureVersion: form.disclosureVersion,
    doubleOptIn: form.doubleOptIn,
    verticalId: form.verticalId,
    verticalKey: form.vertical?.key ?? null,
    tags: form.tags,
    thankYouText: form.thankYouText,
  }
}
