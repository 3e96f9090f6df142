import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/card'
import { Field, FormMessage, Input, Select } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { createOrganizationWithAdmin } from '~/modules/orgs/create-organization-with-admin.server'
import { listOrganizations } from '~/modules/orgs/list-organizations.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'

export const meta: MetaFunction = () => [{ title: 'Platform · esd.quest' }]

const createSchema = z.object({
  name: z.string({ error: 'Name the organization' }).trim().min(2).max(100),
  slug: z
    .string({ error: 'Choose a short name' })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'Lower-case letters, digits and dashes, up to 40 characters'),
  environment: z.enum(['prod', 'sandbox', 'test']),
  adminEmail: z.string({ error: 'Who will administer it?' }).trim().max(320).pipe(z.email('Enter a valid email address')),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:organization:any')
  return { organizations: await listOrganizations(), current: user.organization.id, home: user.homeOrganization.id }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:organization:any')
  const submission = parseWithZod(await request.formData(), { schema: createSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, 400)
  const actor = actorForUser(user, request, context)
  try {
    const { organization } = await createOrganizationWithAdmin({
      actor,
      ...submission.value,
      baseUrl: getEnv().APP_URL ?? new URL(request.url).origin,
      inviterName: user.name,
    })
    return { result: submission.reply({ resetForm: true }), message: `${organization.name} created; ${submission.value.adminEmail} is invited as its admin.` }
  } catch (error) {
    if (!isAppError(error)) throw error
    const field = typeof error.details?.field === 'string' ? (error.details.field === 'email' ? 'adminEmail' : error.details.field) : null
    return data({ result: submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }), message: null }, 400)
  }
}

export default function Platform() {
  const { organizations, current, home } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof createSchema>>({
    id: 'create-organization',
    lastResult: actionData?.result,
    defaultValue: { environment: 'prod' },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }),
  })
  return (
    <>
      <PageHeader title="Platform" description="Every organization on this esd.quest installation." />
      <div className="space-y-6">
        {actionData?.message ? <FormMessage tone="success">{actionData.message}</FormMessage> : null}
        {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
        <Card>
          <h2 className="mb-3 font-semibold">New organization</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-3 sm:grid-cols-2">
            <Field label="Name" errors={fields.name.errors}>
              {(ids) => <Input {...getInputProps(fields.name, { type: 'text' })} {...ids} />}
            </Field>
            <Field label="Short name" errors={fields.slug.errors} hint="Used in exports and URLs.">
              {(ids) => <Input {...getInputProps(fields.slug, { type: 'text' })} {...ids} />}
            </Field>
            <Field label="Environment" errors={fields.environment.errors} hint="Sandbox organizations only ever use the simulated carrier.">
              {(ids) => (
                <Select {...getSelectProps(fields.environment)} {...ids}>
                  <option value="prod">Production</option>
                  <option value="sandbox">Sandbox</option>
                  <option value="test">Test</option>
                </Select>
              )}
            </Field>
            <Field label="First admin’s email" errors={fields.adminEmail.errors}>
              {(ids) => <Input {...getInputProps(fields.adminEmail, { type: 'email' })} {...ids} />}
            </Field>
            <div>
              <Button type="submit" disabled={navigation.state === 'submitting'}>
                Create and invite
              </Button>
            </div>
          </Form>
        </Card>
        <Table label="Organizations">
          <thead>
            <tr>
              <Th>Organization</Th>
              <Th>Environment</Th>
              <Th>Active users</Th>
              <Th>Leads</Th>
              <Th><span className="sr-only">Actions</span></Th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((org) => (
              <tr key={org.id} data-testid="organization-row">
                <Td>
                  <div className="font-medium">{org.name}</div>
                  <div className="text-xs text-muted-foreground">{org.slug}</div>
                </Td>
                <Td>
                  <Badge tone={org.environment === 'prod' ? 'accent' : 'warning'}>{org.environment}</Badge>
                </Td>
                <Td>{org.users}</Td>
                <Td>{org.leads.toLocaleString('en-US')}</Td>
                <Td className="text-right">
                  {org.id === current ? (
                    <span className="text-xs text-muted-foreground">{org.id === home ? 'Your organization' : 'Acting here now'}</span>
                  ) : (
                    <Form method="post" action="/platform/impersonation">
                      <input type="hidden" name="intent" value="start" />
                      <input type="hidden" name="organizationId" value={org.id} />
                      <Button type="submit" size="sm" variant="secondary">
                        {org.id === home ? 'Return here' : 'Act inside'}
                      </Button>
                    </Form>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  )
}
