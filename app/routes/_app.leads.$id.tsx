import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { SendToGoHighLevel } from '~/components/gohighlevel/send-to-gohighlevel'
import { CONSENT_LABELS } from '~/components/leads/consent-labels'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/card'
import { ErrorList, FormMessage, Input } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { goHighLevelButtonState } from '~/modules/integrations/gohighlevel/gohighlevel-button-state.server'
import { addLeadPhoneToDnc, DNC_REASON_MAX, DNC_REASON_MIN } from '~/modules/leads/add-lead-phone-to-dnc.server'
import { getLeadConsentEvidence } from '~/modules/forms/get-lead-consent-evidence.server'
import { getLead } from '~/modules/leads/get-lead.server'
import { removeLeadPhoneFromDnc } from '~/modules/leads/remove-lead-phone-from-dnc.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lead.identity.fullName ?? 'Lead'} · esd.quest` }]

function notFound(): never {
  throw new Response('No such lead', { status: 404 })
}

function leadId(id: string | undefined) {
  const parsed = z.uuid().safeParse(id)
  if (!parsed.success) notFound()
  return parsed.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  try {
    const id = leadId(params.id)
    const showNumbers = userHasPermission(user, 'read:phone:any')
    const [lead, consentEvidence] = await Promise.all([
      getLead({ organizationId: user.organization.id, leadId: id, showNumbers }),
      getLeadConsentEvidence({ organizationId: user.organization.id, leadId: id, showNumbers }),
    ])
    return {
      lead,
      consentEvidence,
      canWrite: userHasPermission(user, 'write:lead:any'),
      canReadConversations: userHasPermission(user, 'read:conversation:any'),
      goHighLevel: userHasPermission(user, 'write:lead:any') && (await goHighLevelButtonState({ organizationId: user.organization.id })).available,
    }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const dncForm = z.object({ intent: z.enum(['dnc-add', 'dnc-remove']).default('dnc-add'), phoneId: z.uuid(), reason: z.string() })

/** Adding a phone to the do-not-call list and taking it off ask the same permission, and both a reason. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  const id = leadId(params.id)
  const form = dncForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) return data({ phoneId: null, intent: null, error: 'Choose a phone and say why.', done: null }, 400)
  const { intent, phoneId, reason } = form.data
  try {
    const change = intent === 'dnc-remove' ? removeLeadPhoneFromDnc : addLeadPhoneToDnc
    await change({ organizationId: user.organization.id, actor: actorForUser(user, request, context), leadId: id, phoneId, reason })
    return { phoneId, intent, error: null, done: phoneId }
  } catch (error) {
    if (isAppError(error) && error.status < 500) return data({ phoneId, intent, error: error.message, done: null }, error.status)
    throw error
  }
}

const money = (value: number | null) => (value === null ? null : `$${value.toLocaleString('en-US')}`)

export default function LeadPage() {
  const { lead, consentEvidence, canWrite, canReadConversations, goHighLevel } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const p = lead.property
  const facts = [
    ['Type', p.propertyType],
    ['Bedrooms', p.bedrooms],
    ['Bathrooms', p.bathrooms],
    ['Living area', p.livingSqft === null ? null : `${p.livingSqft.toLocaleString('en-US')} sq ft`],
    ['Year built', p.yearBuilt],
    ['Assessed value', money(p.assessedValue)],
    ['Estimated value', money(p.estimatedValue)],
    ['Equity', money(p.equity)],
  ].filter(([, v]) => v !== null && v !== undefined) as [string, string | number][]
  return (
    <>
      <PageHeader
        title={lead.identity.fullName}
        description={`${lead.vertical} · ${lead.status}${lead.grade ? ` · grade ${lead.grade}` : ''}`}
        actions={<Link to="/leads" className="text-sm underline underline-offset-2">All leads</Link>}
      />
      {goHighLevel ? (
        <div className="mb-4">
          <SendToGoHighLevel leadId={lead.id} />
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="space-y-2">
          <h2 className="font-semibold">Property</h2>
          <p data-testid="lead-address">
            {p.line1}, {p.city}, {p.state} {p.postalCode}
          </p>
          {facts.length ? (
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {lead.tags.length ? (
            <p className="flex flex-wrap gap-1">
              {lead.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </p>
          ) : null}
        </Card>
        <Card className="space-y-2">
          <h2 className="font-semibold">Person</h2>
          <p>
            {lead.identity.fullName}
            {lead.identity.age !== null ? `, ${lead.identity.age}` : ''}
            {lead.identity.deceased ? ' (deceased)' : ''}
          </p>
          <p className="text-xs text-muted-foreground">
            Lead since <UtcTime value={lead.createdAt} />
          </p>
        </Card>
      </div>

      <section className="mt-6" aria-labelledby="phones-heading">
        <h2 id="phones-heading" className="mb-2 font-semibold">
          Phones
        </h2>
        {lead.phones.length === 0 ? (
          <p className="text-sm text-muted-foreground">No phone on record.</p>
        ) : (
          <ul className="space-y-3">
            {lead.phones.map((phone) => (
              <li key={phone.id} data-testid="lead-phone">
                <Card className="space-y-2">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-mono">{phone.number}</span>
                    {phone.lineType ? <Badge>{phone.lineType}</Badge> : null}
                    {phone.sendNumber ? <Badge data-testid="send-number">send number</Badge> : null}
                    {phone.marketing.allowed ? (
                      <Badge tone="success">can be texted</Badge>
                    ) : (
                      <Badge tone="danger" data-testid="phone-blocked" data-reason={phone.marketing.reason ?? undefined}>
                        {phone.marketing.message ?? 'blocked'}
                      </Badge>
                    )}
                  </p>
                  <p className="text-xs text-muted-foreground" data-testid="phone-provenance">
                    From {phone.importFilename ? <Link to={`/imports/${phone.importFileId}`} className="underline underline-offset-2">{phone.importFilename}</Link> : phone.source}
                    {phone.rowNo !== null ? `, row ${phone.rowNo.toLocaleString('en-US')}` : ''}
                    {phone.sourceColumn ? `, column “${phone.sourceColumn}”` : ''}
                  </p>
                  <p className="flex flex-wrap gap-1 text-xs" data-testid="phone-consent" data-consent={phone.consent.join(' ')}>
                    <span className="text-muted-foreground">Consent record:</span>
                    {phone.consent.map((name) => (
                      <Badge key={name} tone={name === 'clear' || name === 'consented' ? undefined : 'danger'}>
                        {CONSENT_LABELS[name]}
                      </Badge>
                    ))}
                  </p>
                  {canWrite && phone.dncListed ? (
                    <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={`Remove ${phone.number} from the do-not-call list`}>
                      <input type="hidden" name="intent" value="dnc-remove" />
                      <input type="hidden" name="phoneId" value={phone.id} />
                      <label className="min-w-[220px] flex-1 space-y-1 text-sm">
                        <span className="block">Reason for removing from do-not-call</span>
                        <Input name="reason" required minLength={DNC_REASON_MIN} maxLength={DNC_REASON_MAX} placeholder="Listed by mistake: asked to be texted, call of 12/1" />
                      </label>
                      <Button type="submit" variant="secondary" disabled={navigation.state === 'submitting'}>
                        Remove from do-not-call
                      </Button>
                      {answer?.phoneId === phone.id && answer.intent === 'dnc-remove' && answer.error ? <ErrorList errors={[answer.error]} /> : null}
                    </Form>
                  ) : null}
                  {canWrite && !phone.dncListed ? (
                    <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={`Add ${phone.number} to the do-not-call list`}>
                      <input type="hidden" name="intent" value="dnc-add" />
                      <input type="hidden" name="phoneId" value={phone.id} />
                      <label className="min-w-[220px] flex-1 space-y-1 text-sm">
                        <span className="block">Reason for do-not-call</span>
                        <Input name="reason" required minLength={DNC_REASON_MIN} maxLength={DNC_REASON_MAX} placeholder="Asked by phone not to be texted" />
                      </label>
                      <Button type="submit" variant="secondary" disabled={navigation.state === 'submitting'}>
                        Add to do-not-call
                      </Button>
                      {answer?.phoneId === phone.id && answer.intent === 'dnc-add' && answer.error ? <ErrorList errors={[answer.error]} /> : null}
                    </Form>
                  ) : null}
                  {answer?.done === phone.id && answer.intent === 'dnc-add' ? (
                    <FormMessage tone="success">Added to the do-not-call list. Marketing to this number is blocked from every sender.</FormMessage>
                  ) : null}
                  {answer?.done === phone.id && answer.intent === 'dnc-remove' ? (
                    <FormMessage tone="success">Removed from the do-not-call list. An opt-out or any other list still blocks it.</FormMessage>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>

      {consentEvidence.length ? <ConsentEvidence items={consentEvidence} /> : null}

      {canReadConversations && lead.conversations.length ? (
        <section className="mt-6" aria-labelledby="conversations-heading">
          <h2 id="conversations-heading" className="mb-2 font-semibold">
            Conversations
          </h2>
          <ul className="space-y-1 text-sm">
            {lead.conversations.map((c) => (
              <li key={c.id}>
                <Link to={`/conversations/${c.id}`} className="underline underline-offset-2">
                  {c.number}
                </Link>{' '}
                · last message <UtcTime value={c.lastMessageAt} />
                {c.lastInboundAt ? ' · replied' : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="mt-6" aria-labelledby="events-heading">
        <h2 id="events-heading" className="mb-2 font-semibold">
          What happened
        </h2>
        {lead.events.length === 0 ? (
          <p className="text-sm text-muted-foreground">No events recorded for this lead.</p>
        ) : (
          <Table label="Lead events">
            <thead>
              <tr>
                <Th>When (UTC)</Th>
                <Th>Event</Th>
                <Th>From</Th>
              </tr>
            </thead>
            <tbody>
              {lead.events.map((event) => (
                <tr key={event.id} data-testid="lead-event">
                  <Td>
                    <UtcTime value={event.createdAt} />
                  </Td>
                  <Td>{event.kind}</Td>
                  <Td>
                    {event.importFilename ? (
                      <Link to={`/imports/${event.importFileId}`} className="underline underline-offset-2">
                        {event.importFilename}
                      </Link>
                    ) : (
                      '—'
                    )}
                    {event.rowNo !== null ? `, row ${event.rowNo.toLocaleString('en-US')}` : ''}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </>
  )
}

/** What the lead's numbers agreed to on a hosted lead form: the exact text shown, where, when, and whether a double opt-in was confirmed. */
function ConsentEvidence({ items }: { items: ReturnType<typeof useLoaderData<typeof loader>>['consentEvidence'] }) {
  return (
    <section className="mt-6" aria-labelledby="consent-evidence-heading">
      <h2 id="consent-evidence-heading" className="mb-2 font-semibold">
        Consent evidence
      </h2>
      <ul className="space-y-3">
        {items.map((item) => (
          <li key={item.submissionId} data-testid="consent-evidence">
            <Card className="space-y-2 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{item.phone}</span>
                <span>
                  consented on the form <Link to={`/forms/${item.formId}`} className="underline underline-offset-2">{item.formName}</Link>
                </span>
                {item.confirmation === 'confirmed' ? (
                  <Badge tone="success">confirmed by SMS</Badge>
                ) : item.confirmation === 'pending' ? (
                  <Badge tone="warning">not confirmed yet: awaiting YES</Badge>
                ) : (
                  <Badge>single opt-in</Badge>
                )}
              </p>
              <blockquote className="whitespace-pre-line border-l-2 border-border pl-3 text-muted-foreground" data-testid="consent-evidence-text">
                {item.disclosureText}
              </blockquote>
              <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
                <dt className="text-muted-foreground">Submitted</dt>
                <dd>
                  <UtcTime value={item.submittedAt} />
                </dd>
                <dt className="text-muted-foreground">Disclosure version</dt>
                <dd>{item.disclosureVersion ?? '—'}</dd>
                <dt className="text-muted-foreground">IP address</dt>
                <dd className="font-mono" data-testid="consent-evidence-ip">{item.ip ?? 'unknown'}</dd>
                <dt className="text-muted-foreground">Browser</dt>
                <dd className="break-all">{item.userAgent ?? 'unknown'}</dd>
                <dt className="text-muted-foreground">Page</dt>
                <dd className="break-all" data-testid="consent-evidence-page">{item.pageUrl ?? 'the form’s own address'}</dd>
                {item.confirmedAt ? (
                  <>
                    <dt className="text-muted-foreground">Confirmed</dt>
                    <dd>
                      <UtcTime value={item.confirmedAt} /> {item.confirmationBody ? `(replied “${item.confirmationBody}”)` : ''}
                    </dd>
                  </>
                ) : null}
              </dl>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  )
}
