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
    const recorded = standing.events.find((e) => e.id === event.id)
    if (!recorded) throw new Error(`Consent event ${event.id} is not among the latest events of ${event.e164}`)
    return { status: 201, body: { event: recorded, standing } }
  }),
)
