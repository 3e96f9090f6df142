import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { CampaignFields, type CampaignFormDefaults } from '~/components/campaigns/campaign-fields'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { campaignFormOptions } from '~/modules/campaigns/campaign-form-options.server'
import { campaignFormValues, fieldErrors } from '~/modules/campaigns/campaign-form'
import { campaignInput, DEFAULT_SCHEDULE } from '~/modules/campaigns/campaign-input'
import { createCampaign } from '~/modules/campaigns/save-campaign.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'New campaign · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  return { options: await campaignFormOptions(user.organization.id), crusadeId: new URL(request.url).searchParams.get('crusade') ?? '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const values = campaignFormValues(await request.formData())
  const parsed = campaignInput.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, 400)
  try {
    const campaign = await createCampaign({ organizationId: user.organization.id, actor: actorForUser(user, request, context), input: parsed.data })
    return redirect(`/campaigns/${campaign.id}`)
  } catch (error) {
    if (isAppError(error) && (error.status === 409 || error.status === 422)) {
      const details = (error.details ?? {}) as { fieldErrors?: Record<string, string> }
      const errors = details.fieldErrors ? Object.fromEntries(Object.entries(details.fieldErrors).map(([k, v]) => [k, [v]])) : { '': [error.message] }
      return data({ errors, values }, error.status)
    }
    throw error
  }
}

export default function NewCampaign() {
  const { options, crusadeId } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const v = answer?.values
  const defaults: CampaignFormDefaults = {
    name: v?.name ?? '',
    purpose: v?.purpose ?? 'marketing',
    savedFilterId: v?.savedFilterId ?? '',
    verticalId: v?.verticalId ?? '',
    templateIds: v?.templateIds ?? (options.templates.length === 1 ? [options.templates[0]!.id] : []),
    senderNumberIds: v?.senderNumberIds ?? [],
    carrierAccountIds: v?.carrierAccountIds ?? [],
    senderName: v?.senderName ?? '',
    crusadeId: v?.crusadeId ?? crusadeId,
    days: v?.days ?? [...DEFAULT_SCHEDULE.days],
    windowStart: v?.windowStart ?? DEFAULT_SCHEDULE.windowStart,
    windowEnd: v?.windowEnd ?? DEFAULT_SCHEDULE.windowEnd,
    timeZone: v?.timeZone ?? DEFAULT_SCHEDULE.timeZone,
    startsAt: '',
    endsAt: '',
    throttlePerMinute: String(v?.throttlePerMinute ?? 60),
    jitterSeconds: String(v?.jitterSeconds ?? 0),
    pauseFilteredPercent: String(v?.pauseFilteredPercent ?? 2),
    pauseFailedPercent: String(v?.pauseFailedPercent ?? 10),
  }
  const missing = !options.filters.length ? 'a saved lead filter' : !options.templates.length ? 'a template' : null
  return (
    <>
      <PageHeader title="New campaign" actions={<Link to="/campaigns" className="text-sm underline underline-offset-2">All campaigns</Link>} />
      {missing ? (
        <EmptyState title={`First, ${missing}`}>
          A campaign sends templates to a saved filter’s leads. <Link to={missing === 'a template' ? '/templates/new' : '/leads'} className="underline underline-offset-2">Create {missing}</Link>.
        </EmptyState>
      ) : (
        <Form method="post" className="space-y-6" noValidate>
          {answer?.errors['']?.length ? <FormMessage tone="error">{answer.errors[''].join(' ')}</FormMessage> : null}
          <CampaignFields options={options} defaults={defaults} errors={answer?.errors} />
          <Button type="submit" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? 'Saving…' : 'Save draft'}
          </Button>
        </Form>
      )}
    </>
  )
}
