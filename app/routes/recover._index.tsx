import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AuthLayout } from '~/components/shell/auth-layout'
import { Button } from '~/components/ui/button'
import { Field, FormMessage, Input } from '~/components/ui/field'
import { RateLimitError } from '~/modules/auth/enforce-rate-limit.server'
import { redeemRecoveryCode } from '~/modules/auth/redeem-recovery-code.server'
import { requestRecoveryLink } from '~/modules/auth/request-recovery-link.server'
import { isAppError } from '~/utils/app-error'
import { assertSameOrigin } from '~/utils/csrf.server'
import { getEnv } from '~/utils/env.server'
import { rateLimitHeaders } from '~/utils/rate-limit.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { serializeSessionToken } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Recover your account · esd.quest' }]

const email = z.string({ error: 'Enter your email address' }).trim().max(320).pipe(z.email('Enter a valid email address'))
const linkSchema = z.object({ intent: z.literal('link'), email })
const codeSchema = z.object({
  intent: z.literal('code'),
  email,
  code: z
    .string({ error: 'Enter one of your recovery codes' })
    .trim()
    .regex(/^[A-Za-z0-9 -]{16,24}$/, 'Recovery codes look like ABCD-EFGH-JKMN-PQRS'),
})
const schema = z.discriminatedUnion('intent', [linkSchema, codeSchema])

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const submission = parseWithZod(await request.formData(), { schema })
  const intent = submission.payload.intent === 'code' ? ('code' as const) : ('link' as const)
  if (submission.status !== 'success') return data({ intent, result: submission.reply(), sent: false }, 400)
  const ip = clientIp(request, context)
  try {
    if (submission.value.intent === 'link') {
      const baseUrl = getEnv().APP_URL ?? new URL(request.url).origin
      await requestRecoveryLink({ email: submission.value.email, baseUrl, ip, requestId: requestIdOf(request, context) })
      return { intent, result: submission.reply({ resetForm: true }), sent: true }
    }
    const session = await redeemRecoveryCode({
      email: submission.value.email,
      code: submission.value.code,
      ip,
      userAgent: request.headers.get('user-agent'),
      requestId: requestIdOf(request, context),
    })
    return redirect('/recover/passkey', { headers: { 'Set-Cookie': await serializeSessionToken(session.token, request) } })
  } catch (error) {
    if (!isAppError(error)) throw error
    const headers = error instanceof RateLimitError ? rateLimitHeaders(error.result) : undefined
    return data({ intent, result: submission.reply({ formErrors: [error.message] }), sent: false }, { status: error.status, headers })
  }
}

function LinkForm() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const lastResult = actionData?.intent === 'link' ? actionData.result : undefined
  const [form, fields] = useForm<z.input<typeof linkSchema>>({
    id: 'recover-link',
    lastResult,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: linkSchema }),
  })
  const busy = navigation.formData?.get('intent') === 'link'
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="link" />
      <h2 className="font-medium">Email me a recovery link</h2>
      {actionData?.sent ? (
        <FormMessage tone="success">
          If an account uses that address, a recovery link is on its way. It works once, for 15 minutes.
        </FormMessage>
      ) : null}
      {form.errors ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
      <Field label="Email" errors={fields.email.errors}>
        {(ids) => <Input {...getInputProps(fields.email, { type: 'email' })} {...ids} autoComplete="email" />}
      </Field>
      <Button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send recovery link'}
      </Button>
    </Form>
  )
}

function CodeForm() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const lastResult = actionData?.intent === 'code' ? actionData.result : undefined
  const [form, fields] = useForm<z.input<typeof codeSchema>>({
    id: 'recover-code',
    lastResult,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
  })
  const busy = navigation.formData?.get('intent') === 'code'
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="code" />
      <h2 className="font-medium">Use a recovery code</h2>
      {form.errors ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
      <Field label="Email" errors={fields.email.errors}>
        {(ids) => <Input {...getInputProps(fields.email, { type: 'email' })} {...ids} autoComplete="email" />}
      </Field>
      <Field label="Recovery code" errors={fields.code.errors} hint="One of the ten codes you saved. Each works once.">
        {(ids) => (
          <Input {...getInputProps(fields.code, { type: 'text' })} {...ids} autoComplete="one-time-code" spellCheck={false} className="font-mono uppercase" />
        )}
      </Field>
      <Button type="submit" variant="secondary" disabled={busy}>
        {busy ? 'Checking…' : 'Continue'}
      </Button>
    </Form>
  )
}

export default function Recover() {
  return (
    <AuthLayout title="Recover your account">
      <p className="mb-5 text-muted-foreground">Recovery ends with a new passkey on the device you use now.</p>
      <div className="space-y-8">
        <LinkForm />
        <div className="border-t border-border pt-6">
          <CodeForm />
        </div>
      </div>
      <p className="mt-6 text-sm">
        <Link to="/signin" className="text-primary underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      </p>
    </AuthLayout>
  )
}
