import { recordConsentEvent } from '~/api/consent.server'
import { getConsentStanding } from '~/modules/compliance/get-consent-standing.server'
import { recordConsentEvent as record } from '~/modules/compliance/record-consent-event.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(recordConsentEvent, async ({ auth, body: { data } }) => {
    const organizationId = auth.organization.id
    const event = await record({
      actor: auth.actor,
      organizationId,
      scope: 'organization',
      kind: data.kind,
      phone: data.phone,
      source: 'api',
      evidence: data.evidence,
      evidenceKey: data.evidenceKey ? `api:${organizationId}:${data.evidenceKey}` : undefined,
    })
    const standing = await getConsentStanding({ organizationId, phone: event.e164 })
    const { organizationId: _organization, e164: _e164, ...answer } = event
    return { status: 201, body: { event: answer, standing } }
  }),
)
