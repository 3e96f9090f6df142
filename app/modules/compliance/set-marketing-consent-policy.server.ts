import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * An admin turns the organization's "marketing requires recorded consent"
 * policy on or off; the change (and what it was before, the environment's
 * default included) is in the audit log. The caller's guard checks the role.
 */
export async function setMarketingConsentPolicy(options: { actor: UserActor; organizationId: string; requiresConsent: boolean }) {
  return withAudit(
    { actor: options.actor, action: 'organization.marketing_consent_policy_changed', target: { type: 'organization', id: options.organizationId } },
    async (tx) => {
      const organization = await tx.organization.findUnique({
        where: { id: options.organizationId },
        select: { environment: true, marketingRequiresConsent: true },
      })
      if (!organization) throw new AppError('organization_not_found', 'No such organization.', 404)
      const before = organization.marketingRequiresConsent ?? organization.environment === 'prod'
      await tx.organization.update({ where: { id: options.organizationId }, data: { marketingRequiresConsent: options.requiresConsent } })
      return {
        result: { requiresConsent: options.requiresConsent },
        summary: { before: { requiresConsent: before, explicit: organization.marketingRequiresConsent !== null }, after: { requiresConsent: options.requiresConsent } },
      }
    },
  )
}
