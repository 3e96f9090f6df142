import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { CampaignFields, type CampaignFormDefaults } from '~/components/campaigns/campaign-fields'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { campaignFormOptions } from '~/modules/campaigns/campaign-form-options.server'
import { campaignFormValues, fieldErrors, instantToLocal } from '~/modules/campaigns/campaign-form'
import { campaignInput } from '~/modules/campaigns/campaign-input'
import { getCampaign } from '~/modules/campaigns/campaign-view.server'
import { updateCampaign } from '~/modules/campaigns/save-campaign.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Edit campaign · esd.quest' }]

function notFound(): never {
  throw new Response('No such campaign', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  try {
    const campaign = await getCampaign({ organizationId: user.organization.id, campaignId: id.data })
    // Only a draft changes; a launched campaign's page says so.
    if (campaign.status !== 'draft') throw redirect(`/campaigns/${campaign.id}`)
    return { campaign, options: await campaignFormOptions(user.organization.id) }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  const values = campaignFormValues(await request.formData())
  const parsed = campaignInput.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, 400)
  try {
    await updateCampaign({ organizationId: user.organization.id, actor: actorForUser(user, request, context), campaignId: id.data, input: parsed.data })
    return redirect(`/campaigns/${id.data}`)
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    if (isAppError(error) && (error.status === 409 || error.status === 422)) {
      const details = (error.details ?? {}) as { fieldErrors?: Record<string, string> }
      const errors = details.fieldErrors ? Object.fromEntries(Object.entries(details.fieldErrors).map(([k, v]) => [k, [v]])) : { '': [error.message] }
      return data({ errors, values }, error.status)
    }
    throw error
  }
}

export default function EditCampaign() {
  const { campaign, options } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const v = answer?.values
  const s = campaign.schedule
  const defaults: CampaignFormDefaults = {
    name: v?.name ?? campaign.name,
    purpose: v?.purpose ?? campaign.purpose,
    savedFilterId: v?.savedFilterId ?? campaign.savedFilter?.id ?? '',
    verticalId: v?.verticalId ?? campaign.verticalId ?? '',
    templateIds: v?.templateIds ?? campaign.templates.map((t) => t.id),
    senderNumberIds: v?.senderNumberIds ?? campaign.senderNumberIds,
    carrierAccountIds: v?.carrierAccountIds ?? campaign.carrierAccountIds,
    senderName: v?.senderName ?? campaign.senderName ?? '',
    crusadeId: v?.crusadeId ?? campaign.crusade?.id ?? '',
    days: v?.days ?? s.days,
    windowStart: v?.windowStart ?? s.windowStart,
    windowEnd: v?.windowEnd ?? s.windowEnd,
    timeZone: v?.timeZone ?? s.timeZone,
    startsAt: instantToLocal(s.startsAt, s.timeZone),
    endsAt: instantToLocal(s.endsAt, s.timeZone),
    throttlePerMinute: String(v?.throttlePerMinute ?? s.throttlePerMinute),
    jitterSeconds: String(v?.jitterSeconds ?? s.jitterSeconds),
    pauseFilteredPercent: String(v?.pauseFilteredPercent ?? campaign.pauseFilteredPercent),
    pauseFailedPercent: String(v?.pauseFailedPercent ?? campaign.pauseFailedPercent),
  }
  return (
    <>
      <PageHeader title={`Edit ${campaign.name}`} actions={<Link to={`/campaigns/${campaign.id}`} className="text-sm underline underline-offset-2">Back to the campaign</Link>} />
      <Form method="post" className="space-y-6" noValidate>
        {answer?.errors['']?.length ? <FormMessage tone="error">{answer.errors[''].join(' ')}</FormMessage> : null}
        <CampaignFields options={options} defaults={defaults} errors={answer?.errors} />
        <Button type="submit" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Saving…' : 'Save changes'}
        </Button>
      </Form>
    </>
  )
}
