import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { LinkUnusable } from '~/components/auth/one-time-link'
import { RegisterPasskeyButton } from '~/components/auth/passkey-buttons'
import { AuthLayout } from '~/components/shell/auth-layout'
import { Field, Input } from '~/components/ui/field'
import { inspectInvitation, invitationMessages } from '~/modules/orgs/invitation-token.server'

export const meta: MetaFunction = () => [{ title: 'Join your team · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const token = z.string().min(20).max(200).safeParse(new URL(request.url).searchParams.get('token'))
  if (!token.success) return data({ valid: false as const, message: invitationMessages.unknown }, 400)
  const state = await inspectInvitation(token.data)
  if (state.state !== 'valid') return data({ valid: false as const, message: invitationMessages[state.state] }, 410)
  const { invitation } = state
  return { valid: true as const, token: token.data, email: invitation.email, role: invitation.role, organization: invitation.organization.name }
}

export default function AcceptInvitation() {
  const loaderData = useLoaderData<typeof loader>()
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  if (!loaderData.valid) {
    return <LinkUnusable title="This invitation cannot be used" message={loaderData.message} backTo="/signin" backLabel="Go to sign in" />
  }
  return (
    <AuthLayout title={`Join ${loaderData.organization}`}>
      <p className="mb-4 text-muted-foreground">
        You were invited as {loaderData.role === 'admin' ? 'an admin' : 'an operator'} with{' '}
        <strong className="text-foreground">{loaderData.email}</strong>. You will sign in with a passkey: no password.
      </p>
      <div className="space-y-4">
        <Field label="Your name" errors={nameError ? [nameError] : null}>
          {(ids) => (
            <Input
              {...ids}
              name="name"
              autoComplete="name"
              value={name}
              maxLength={80}
              onChange={(e) => {
                setName(e.target.value)
                setNameError(null)
              }}
            />
          )}
        </Field>
        <RegisterPasskeyButton
          flow={null}
          label="Create passkey and join"
          beforeStart={() => {
            if (!name.trim()) {
              setNameError('Enter your name')
              return null
            }
            return { flow: 'invitation', token: loaderData.token, name: name.trim() }
          }}
        />
      </div>
    </AuthLayout>
  )
}
