import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { Field, FormMessage, Input } from '~/components/ui/field'
import { fieldErrors } from '~/modules/campaigns/campaign-form'
import { crusadeInput, DEFAULT_SCHEDULE } from '~/modules/campaigns/campaign-input'
import { createCrusade } from '~/modules/campaigns/crusades.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'New crusade · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'write:campaign:any')
  return null
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const form = await request.formData()
  const text = (k: string) => String(form.get(k) ?? '').trim()
  const values = {
    name: text('name'),
    days: form.getAll('days').map(Number),
    windowStart: text('windowStart'),
    windowEnd: text('windowEnd'),
    timeZone: text('timeZone'),
    throttlePerMinute: text('throttlePerMinute') === '' ? undefined : Number(text('throttlePerMinute')),
  }
  const parsed = crusadeInput.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, 400)
  try {
    const crusade = await createCrusade({ organizationId: user.organization.id, actor: actorForUser(user, request, context), input: parsed.data })
    return redirect(`/crusades/${crusade.id}`)
  } catch (error) {
    if (isAppError(error) && error.status === 409) return data({ errors: { name: [error.message] } as Record<string, string[]> }, 409)
    throw error
  }
}

export default function NewCrusade() {
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors = answer?.errors ?? {}
  return (
    <>
      <PageHeader title="New crusade" description="Campaigns in a crusade share its schedule and one throttle budget; its page rolls their counts up." actions={<Link to="/campaigns" className="text-sm underline underline-offset-2">All campaigns</Link>} />
      <Form method="post" className="max-w-2xl space-y-4" noValidate>
        {errors['']?.length ? <FormMessage tone="error">{errors[''].join(' ')}</FormMessage> : null}
        <Field label="Name" errors={errors.name}>
          {(ids) => <Input {...ids} name="name" maxLength={80} required />}
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Days</legend>
          <div className="flex flex-wrap gap-x-4">
            {DAYS.map((label, i) => (
              <label key={label} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="days" value={i} defaultChecked={(DEFAULT_SCHEDULE.days as readonly number[]).includes(i)} />
                {label}
              </label>
            ))}
          </div>
          {errors.days ? <p className="text-xs text-danger" role="alert">{errors.days.join(' ')}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="From (local time)" errors={errors.windowStart}>
            {(ids) => <Input {...ids} type="time" name="windowStart" defaultValue={DEFAULT_SCHEDULE.windowStart} required />}
          </Field>
          <Field label="Until" errors={errors.windowEnd}>
            {(ids) => <Input {...ids} type="time" name="windowEnd" defaultValue={DEFAULT_SCHEDULE.windowEnd} required />}
          </Field>
          <Field label="Time zone" errors={errors.timeZone}>
            {(ids) => <Input {...ids} name="timeZone" defaultValue={DEFAULT_SCHEDULE.timeZone} required />}
          </Field>
          <Field label="Messages per minute, all its campaigns together" errors={errors.throttlePerMinute}>
            {(ids) => <Input {...ids} type="number" inputMode="numeric" min={1} max={6000} name="throttlePerMinute" defaultValue="60" required />}
          </Field>
        </div>
        <Button type="submit" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Saving…' : 'Create crusade'}
        </Button>
      </Form>
    </>
  )
}
