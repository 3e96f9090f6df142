import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { RegisterPasskeyButton, StepUpResubmit } from '~/components/auth/passkey-buttons'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/card'
import { Field, FormMessage, Input } from '~/components/ui/field'
import { UtcTime } from '~/components/ui/utc-time'
import { endSession } from '~/modules/auth/end-session.server'
import { generateRecoveryCodes } from '~/modules/auth/generate-recovery-codes.server'
import { getRecoveryCodeStatus } from '~/modules/auth/get-recovery-code-status.server'
import { listPasskeys } from '~/modules/auth/list-passkeys.server'
import { listSessions, type ActiveSession } from '~/modules/auth/list-sessions.server'
import { removePasskey } from '~/modules/auth/remove-passkey.server'
import { renamePasskey } from '~/modules/auth/rename-passkey.server'
import { revokeAllSessions } from '~/modules/auth/revoke-all-sessions.server'
import { STEP_UP_REQUIRED } from '~/modules/auth/step-up'
import { updateProfile } from '~/modules/orgs/update-profile.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserSession } from '~/utils/auth.server'
import { clearSessionCookie } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Your account · esd.quest' }]

const profileSchema = z.object({ intent: z.literal('profile'), name: z.string({ error: 'Enter your name' }).trim().min(1).max(80) })
const renameSchema = z.object({
  intent: z.literal('rename-passkey'),
  passkeyId: z.string().min(1).max(1400),
  name: z.string({ error: 'Give the passkey a name' }).trim().min(1).max(60),
})
const schema = z.discriminatedUnion('intent', [
  profileSchema,
  renameSchema,
  z.object({ intent: z.literal('remove-passkey'), passkeyId: z.string().min(1).max(1400) }),
  z.object({ intent: z.literal('generate-codes') }),
  z.object({ intent: z.literal('sign-out-everywhere') }),
  z.object({ intent: z.literal('end-session'), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request)
  const [passkeys, recoveryCodes, sessions] = await Promise.all([
    listPasskeys({ userId: user.id }),
    getRecoveryCodeStatus({ userId: user.id }),
    listSessions({ userId: user.id, currentSessionId: sessionId }),
  ])
  return { user: { name: user.name, email: user.email, role: user.role }, passkeys, recoveryCodes, sessions }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request)
  const actor = actorForUser(user, request, context)
  const submission = parseWithZod(await request.formData(), { schema })
  const intent = String(submission.payload.intent ?? '')
  if (submission.status !== 'success') return data({ intent, result: submission.reply(), codes: null, stepUp: false }, 400)
  const value = submission.value
  const signedOut = async (notice: string) =>
    redirect(`/signin?notice=${notice}`, { headers: { 'Set-Cookie': await clearSessionCookie(request) } })
  try {
    switch (value.intent) {
      case 'profile':
        await updateProfile({ userId: user.id, actor, name: value.name })
        break
      case 'rename-passkey':
        await renamePasskey({ userId: user.id, actor, passkeyId: value.passkeyId, name: value.name })
        break
      case 'remove-passkey':
        await removePasskey({ userId: user.id, sessionId, actor, passkeyId: value.passkeyId })
        return signedOut('passkey-removed')
      case 'generate-codes':
        return { intent, result: submission.reply(), codes: await generateRecoveryCodes({ userId: user.id, sessionId, actor }), stepUp: false }
      case 'sign-out-everywhere':
        await revokeAllSessions({ userId: user.id, actor })
        return signedOut('signed-out-everywhere')
      case 'end-session':
        await endSession({ userId: user.id, sessionId: value.sessionId, actor })
        if (value.sessionId === sessionId) return signedOut('session-ended')
        break
    }
    return { intent, result: submission.reply({ resetForm: value.intent !== 'profile' }), codes: null, stepUp: false }
  } catch (error) {
    if (!isAppError(error)) throw error
    // The page answers with "Confirm with your passkey", then posts the same form again.
    const stepUp = error.code === STEP_UP_REQUIRED
    return data({ intent, result: submission.reply({ formErrors: stepUp ? [] : [error.message] }), codes: null, stepUp }, error.status)
  }
}

function ProfileCard({ name, email }: { name: string; email: string }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof profileSchema>>({
    id: 'profile',
    lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
    defaultValue: { name },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  })
  const saving = navigation.formData?.get('intent') === 'profile'
  return (
    <Card>
      <h2 className="mb-3 font-semibold">Profile</h2>
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="profile" />
        <Field label="Name" errors={fields.name.errors} className="min-w-56 flex-1">
          {(ids) => <Input {...getInputProps(fields.name, { type: 'text' })} {...ids} autoComplete="name" />}
        </Field>
        <Button type="submit" variant="secondary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </Form>
      <p className="mt-2 text-xs text-muted-foreground">Signed in as {email}.</p>
    </Card>
  )
}

function PasskeyRow({ passkey, onlyOne }: { passkey: { id: string; name: string; deviceType: string; backedUp: boolean; createdAt: string; lastUsedAt: string | null }; onlyOne: boolean }) {
  const [editing, setEditing] = useState(false)
  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="passkey-row">
      <div className="min-w-0 flex-1">
        {editing ? (
          <Form method="post" className="flex gap-2" onSubmit={() => setEditing(false)}>
            <input type="hidden" name="intent" value="rename-passkey" />
            <input type="hidden" name="passkeyId" value={passkey.id} />
            <Input name="name" defaultValue={passkey.name} maxLength={60} aria-label="Passkey name" required autoFocus />
            <Button type="submit" size="sm">Save</Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>
          </Form>
        ) : (
          <>
            <div className="font-medium" data-testid="passkey-name">{passkey.name}</div>
            <div className="text-xs text-muted-foreground">
              Added <UtcTime value={passkey.createdAt} /> · last used <UtcTime value={passkey.lastUsedAt} empty="never" />
            </div>
          </>
        )}
      </div>
      <Badge tone={passkey.backedUp ? 'success' : 'neutral'}>{passkey.backedUp ? 'Synced' : 'This device only'}</Badge>
      {!editing ? (
        <div className="flex gap-2">
          <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Rename ${passkey.name}`}>
            Rename
          </Button>
          <AlertDialogConfirm
            title={`Remove “${passkey.name}”?`}
            description="It will no longer sign you in, and every session of your account ends now, this one included. Sign in again with another passkey."
            confirmLabel="Remove and sign out"
            intent="remove-passkey"
            fields={{ passkeyId: passkey.id }}
            disabled={onlyOne}
            trigger={
              <Button size="sm" variant="ghost" disabled={onlyOne} title={onlyOne ? 'Add another passkey before removing this one' : undefined}>
                Remove
              </Button>
            }
          />
        </div>
      ) : null}
    </li>
  )
}

function SessionRow({ session }: { session: ActiveSession }) {
  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="session-row">
      <div className="min-w-0 flex-1">
        <div className="font-medium">
          {session.device}
          {session.current ? (
            <Badge tone="success" className="ml-2">
              This device
            </Badge>
          ) : null}
          {session.kind === 'recovery' ? (
            <Badge tone="danger" className="ml-2">
              Account recovery
            </Badge>
          ) : null}
        </div>
        <div className="text-xs text-muted-foreground">
          IP {session.ip ?? 'unknown'} · signed in <UtcTime value={session.createdAt} /> · last seen <UtcTime value={session.lastSeenAt} />
        </div>
      </div>
      <AlertDialogConfirm
        title={session.current ? 'End this session?' : `End the session on ${session.device}?`}
        description={
          session.current
            ? 'You will be signed out on this device.'
            : 'That device is signed out at once; whoever uses it has to sign in again.'
        }
        confirmLabel={session.current ? 'End and sign out' : 'End session'}
        intent="end-session"
        fields={{ sessionId: session.id }}
        trigger={
          <Button size="sm" variant="ghost" aria-label={session.current ? 'End this session' : `End session on ${session.device}`}>
            End
          </Button>
        }
      />
    </li>
  )
}

export default function Account() {
  const { user, passkeys, recoveryCodes, sessions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const revalidator = useRevalidator()
  const [params] = useSearchParams()
  const formErrors = actionData?.result.error?.['']
  return (
    <>
      <PageHeader title="Your account" description="Your profile, passkeys and ways back in." />
      <div className="space-y-4">
        {params.get('recovered') ? (
          <FormMessage tone="success">
            Your account is recovered and the new passkey is saved. If you used a recovery code, make new ones below.
          </FormMessage>
        ) : null}
        {formErrors?.length ? <FormMessage tone="error">{formErrors.join(' ')}</FormMessage> : null}
        <StepUpResubmit required={actionData?.stepUp ? actionData : null} />
        <ProfileCard name={user.name} email={user.email} />
        <Card>
          <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold">Passkeys</h2>
          </div>
          <p className="mb-2 text-sm text-muted-foreground">Sign in with any of these. Keep at least two, on different devices.</p>
          {passkeys.length === 0 ? (
            <FormMessage tone="info">You have no passkey yet. Add one now to sign in without a link: a first passkey can be added within 5 minutes of signing in with a link.</FormMessage>
          ) : (
            <ul className="divide-y divide-border">
              {passkeys.map((p) => (
                <PasskeyRow key={p.id} passkey={p} onlyOne={passkeys.length === 1} />
              ))}
            </ul>
          )}
          <div className="mt-3">
            <RegisterPasskeyButton flow={{ flow: 'account' }} label="Add a passkey" variant="secondary" onRegistered={() => revalidator.revalidate()} />
          </div>
        </Card>
        <Card>
          <h2 className="mb-1 font-semibold">Recovery codes</h2>
          <p className="mb-3 text-sm text-muted-foreground">
            If you lose every passkey, one of these codes lets you register a new one. Each works once.{' '}
            {recoveryCodes.total > 0 ? (
              <span data-testid="recovery-code-status">
                {recoveryCodes.unused} of {recoveryCodes.total} unused.
              </span>
            ) : (
              <span data-testid="recovery-code-status">You have none yet.</span>
            )}
          </p>
          {actionData?.codes ? (
            <div className="mb-3 space-y-2">
              <FormMessage tone="info">Save these now, somewhere safe and offline. They will not be shown again.</FormMessage>
              <ol className="grid grid-cols-1 gap-1 rounded bg-muted p-3 font-mono text-sm sm:grid-cols-2" data-testid="recovery-codes">
                {actionData.codes.map((code) => (
                  <li key={code}>{code}</li>
                ))}
              </ol>
            </div>
          ) : null}
          <AlertDialogConfirm
            title={recoveryCodes.total > 0 ? 'Replace your recovery codes?' : 'Create recovery codes?'}
            description={recoveryCodes.total > 0 ? 'Your current codes stop working at once.' : 'Ten one-time codes will be shown once.'}
            confirmLabel={recoveryCodes.total > 0 ? 'Replace codes' : 'Create codes'}
            intent="generate-codes"
            trigger={<Button variant="secondary">{recoveryCodes.total > 0 ? 'Make new codes' : 'Create recovery codes'}</Button>}
          />
        </Card>
        <Card>
          <h2 className="mb-1 font-semibold">Sessions</h2>
          <p className="mb-2 text-sm text-muted-foreground">
            Where your account is signed in now. Don’t recognise one, or signed in on a shared or lost device? End it.
          </p>
          <ul className="mb-3 divide-y divide-border" aria-label="Active sessions">
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
          <AlertDialogConfirm
            title="Sign out everywhere?"
            description="Every session of your account ends now, this one included."
            confirmLabel="Sign out everywhere"
            intent="sign-out-everywhere"
            trigger={<Button variant="secondary">Sign out everywhere</Button>}
          />
        </Card>
      </div>
    </>
  )
}
