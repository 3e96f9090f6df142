import { randomBytes } from 'node:crypto'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import type { LeadFormInput } from './lead-form-input'
import { leadFormSummary, type LeadFormSummary } from './lead-form-summary.server'

const nameTaken = (name: string) =>
  new AppError('lead_form_name_taken', `The organization already has a form named “${name}”.`, 409, { fieldErrors: { name: 'Taken.' } })

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'

/** 72 random bits in 12 URL-safe characters: a public address nobody guesses. */
export function newLeadFormSlug(): string {
  return randomBytes(9).toString('base64url')
}

async function assertVertical(tx: Prisma.TransactionClient, organizationId: string, verticalId: string | null) {
  if (!verticalId) return
  const vertical = await tx.vertical.findFirst({ where: { id: verticalId, organizationId }, select: { id: true } })
  if (!vertical) throw new AppError('vertical_not_found', 'No such vertical in the organization.', 404, { fieldErrors: { verticalId: 'Unknown.' } })
}

/** A new lead form of the organization, at a fresh public address, audited. */
export async function createLeadForm(options: { organizationId: string; actor: Actor; input: LeadFormInput }): Promise<LeadFormSummary> {
  try {
    return await withAudit({ actor: options.actor, action: 'lead_form.created', organizationId: options.organizationId }, async (tx) => {
      await assertVertical(tx, options.organizationId, options.input.verticalId)
      const row = await tx.leadForm.create({
        data: { ...options.input, organizationId: options.organizationId, slug: newLeadFormSlug(), createdByLabel: options.actor.label },
      })
      return {
        result: leadFormSummary(row),
        target: { type: 'lead_form', id: row.id },
        summary: { name: row.name, slug: row.slug, doubleOptIn: row.doubleOptIn, enabled: row.enabled, disclosureVersion: row.disclosureVersion },
      }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}

const FIELDS = ['name', 'headline', 'intro', 'disclosureText', 'doubleOptIn', 'verticalId', 'tags', 'thankYouText', 'enabled'] as const

/**
 * Changes a lead form (PUT: every field), audited with what it was before.
 * A new disclosure text is a new version: submissions keep the text they
 * showed, and the version says which one it was. The address never changes.
 */
export async function updateLeadForm(options: { organizationId: string; actor: Actor; formId: string; input: LeadFormInput }): Promise<LeadFormSummary> {
  try {
    return await withAudit(
      { actor: options.actor, action: 'lead_form.updated', organizationId: options.organizationId, target: { type: 'lead_form', id: options.formId } },
      async (tx) => {
        const before = await tx.leadForm.findFirst({ where: { id: options.formId, organizationId: options.organizationId } })
        if (!before) throw new AppError('lead_form_not_found', 'No such form in the organization.', 404)
        await assertVertical(tx, options.organizationId, options.input.verticalId)
        const newText = before.disclosureText !== options.input.disclosureText
        const row = await tx.leadForm.update({
          where: { id: before.id },
          data: { ...options.input, ...(newText ? { disclosureVersion: { increment: 1 } } : {}) },
        })
        const changed = FIELDS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(row[key]))
        return {
          result: leadFormSummary(row),
          summary: {
            changed,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, row[k]])),
            disclosureVersion: row.disclosureVersion,
          },
        }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}

/** Turns a form on or off (a disabled form's address answers 404), audited. */
export async function setLeadFormEnabled(options: { organizationId: string; actor: Actor; formId: string; enabled: boolean }): Promise<LeadFormSummary> {
  return withAudit(
    { actor: options.actor, action: options.enabled ? 'lead_form.enabled' : 'lead_form.disabled', organizationId: options.organizationId, target: { type: 'lead_form', id: options.formId } },
    async (tx) => {
      const [row] = await tx.leadForm.updateManyAndReturn({ where: { id: options.formId, organizationId: options.organizationId }, data: { enabled: options.enabled } })
      if (!row) throw new AppError('lead_form_not_found', 'No such form in the organization.', 404)
      return { result: leadFormSummary(row), summary: { enabled: options.enabled } }
    },
  )
}
