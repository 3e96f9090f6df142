import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { Field, FormMessage, Input, Select } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { changeUserRole } from '~/modules/orgs/change-user-role.server'
import { inviteUser } from '~/modules/orgs/invite-user.server'
import { listTeam } from '~/modules/orgs/list-team.server'
import { revokeInvitation } from '~/modules/orgs/revoke-invitation.server'
import { setUserStatus } from '~/modules/orgs/set-user-status.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Team · Settings · esd.quest' }]

const role = z.enum(['admin', 'operator'], { error: 'Choose a role' })
const inviteSchema = z.object({
  intent: z.literal('invite'),
  email: z.string({ error: 'Enter an email address' }).trim().max(320).pipe(z.email('Enter a valid email address')),
  role,
})
const schema = z.discriminatedUnion('intent', [
  inviteSchema,
  z.object({ intent: z.literal('revoke-invitation'), invitationId: z.uuid() }),
  z.object({ intent: z.literal('change-role'), userId: z.uuid(), role }),
  z.object({ intent: z.literal('set-status'), userId: z.uuid(), status: z.enum(['active', 'disabled']) }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:user:any')
  const team = await listTeam({ organizationId: user.organization.id })
  return { ...team, me: user.id, canManage: userHasPermission(user, 'manage:user:any') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:user:any')
  const actor = actorForUser(user, request, context)
  const organizationId = user.organization.id
  const submission = parseWithZod(await request.formData(), { schema })
  const intent = String(submission.payload.intent ?? '')
  if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, 400)
  const value = submission.value
  try {
    let message: string
    switch (value.intent) {
      case 'invite':
        await inviteUser({
          actor,
          organizationId,
          email: value.email,
          role: value.role,
          baseUrl: getEnv().APP_URL ?? new URL(request.url).origin,
          inviterName: user.name,
        })
        message = `Invitation sent to ${value.email}.`
        break
      case 'revoke-invitation':
        await revokeInvitation({ actor, organizationId, invitationId: value.invitationId })
        message = 'Invitation withdrawn.'
        break
      case 'change-role':
        await changeUserRole({ actor, organizationId, userId: value.userId, role: value.role })
        message = 'Role changed.'
        break
      case 'set-status':
        await setUserStatus({ actor, organizationId, userId: value.userId, status: value.status })
        message = value.status === 'disabled' ? 'Account disabled; its sessions ended.' : 'Account enabled.'
        break
    }
    return { intent, result: submission.reply({ resetForm: true }), message }
  } catch (error) {
    if (!isAppError(error)) throw error
    const field = typeof error.details?.field === 'string' ? error.details.field : null
    return data(
      { intent, result: submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }), message: null },
      error.status === 404 ? 404 : 400,
    )
  }
}

function InviteForm() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof inviteSchema>>({
    id: 'invite',
    lastResult: actionData?.intent === 'invite' ? actionData.result : undefined,
    defaultValue: { role: 'operator' },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteSchema }),
  })
  const busy = navigation.formData?.get('intent') === 'invite'
  return (
    <Card>
      <h2 className="mb-3 font-semibold">Invite someone</h2>
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-start gap-3">
        <input type="hidden" name="intent" value="invite" />
        <Field label="Email" errors={fields.email.errors} className="min-w-64 flex-1">
          {(ids) => <Input {...getInputProps(fields.email, { type: 'email' })} {...ids} autoComplete="off" />}
        </Field>
        <Field label="Role" errors={fields.role.errors}>
          {(ids) => (
            <Select {...getSelectProps(fields.role)} {...ids}>
              <option value="operator">Operator</option>
              <option value="admin">Admin</option>
            </Select>
          )}
        </Field>
        <Button type="submit" className="mt-6" disabled={busy}>
          {busy ? 'Sending…' : 'Send invitation'}
        </Button>
      </Form>
      <p className="mt-2 text-xs text-muted-foreground">
        Operators work leads, campaigns and conversations. Admins also manage the team, numbers, API keys and settings.
      </p>
    </Card>
  )
}

export default function Team() {
  const { members, invitations, me, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formErrors = actionData?.intent !== 'invite' ? actionData?.result.error?.[''] : undefined
  return (
    <div className="space-y-6">
      {actionData?.message ? <FormMessage tone="success">{actionData.message}</FormMessage> : null}
      {formErrors?.length ? <FormMessage tone="error">{formErrors.join(' ')}</FormMessage> : null}
      {canManage ? <InviteForm /> : null}
      <section>
        <h2 className="mb-2 font-semibold">Members</h2>
        <Table label="Members">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Passkeys</Th>
              <Th>Last sign-in</Th>
              {canManage ? <Th><span className="sr-only">Actions</span></Th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id} data-testid="member-row" data-email={member.email}>
                <Td>
                  <div className="font-medium">{member.name}{member.id === me ? ' (you)' : ''}</div>
                  <div className="text-xs text-muted-foreground">{member.email}</div>
                </Td>
                <Td>
                  {canManage && member.id !== me && member.role !== 'super_admin' ? (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="userId" value={member.id} />
                      <Select name="role" defaultValue={member.role} aria-label={`Role of ${member.name}`} className="h-8 w-32">
                        <option value="operator">Operator</option>
                        <option value="admin">Admin</option>
                      </Select>
                      <Button type="submit" size="sm" variant="ghost">Save</Button>
                    </Form>
                  ) : (
                    <span className="capitalize">{member.role.replace('_', ' ')}</span>
                  )}
                </Td>
                <Td>
                  <Badge tone={member.status === 'active' ? 'success' : 'danger'}>{member.status}</Badge>
                </Td>
                <Td>{member.passkeys}</Td>
                <Td className="whitespace-nowrap">
                  <UtcTime value={member.lastSignInAt} precision="day" />
                </Td>
                {canManage ? (
                  <Td className="text-right">
                    {member.id !== me && member.role !== 'super_admin' ? (
                      member.status === 'active' ? (
                        <AlertDialogConfirm
                          title={`Disable ${member.name}?`}
                          description="They are signed out everywhere at once and cannot sign in until an admin enables the account again."
                          confirmLabel="Disable account"
                          intent="set-status"
                          fields={{ userId: member.id, status: 'disabled' }}
                          trigger={<Button size="sm" variant="ghost">Disable</Button>}
                        />
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="set-status" />
                          <input type="hidden" name="userId" value={member.id} />
                          <input type="hidden" name="status" value="active" />
                          <Button type="submit" size="sm" variant="ghost">Enable</Button>
                        </Form>
                      )
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Pending invitations</h2>
        {invitations.length === 0 ? (
          <EmptyState title="No pending invitations" />
        ) : (
          <Table label="Pending invitations">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Expires</Th>
                {canManage ? <Th><span className="sr-only">Actions</span></Th> : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id} data-testid="invitation-row">
                  <Td>{invitation.email}</Td>
                  <Td className="capitalize">{invitation.role}</Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={invitation.expiresAt} />
                  </Td>
                  {canManage ? (
                    <Td className="text-right">
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-invitation" />
                        <input type="hidden" name="invitationId" value={invitation.id} />
                        <Button type="submit" size="sm" variant="ghost">Withdraw</Button>
                      </Form>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  )
}
