import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { StepUpResubmit } from '~/components/auth/passkey-buttons'
import { ApiKeyStatusBadge } from '~/components/api-keys/api-key-status-badge'
import { CreateKeyForm } from '~/components/api-keys/create-key-form'
import { NewKeyNotice } from '~/components/api-keys/new-key-notice'
import { RevokeKeyDialog, type RevokeResult } from '~/components/api-keys/revoke-key-dialog'
import { Badge } from '~/components/ui/badge'
import { EmptyState } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { createApiKeySchema, revokeApiKeySchema, startOfUtcDay } from '~/modules/integrations/api-key-form'
import { apiKeyModeFor } from '~/modules/integrations/api-key-format.server'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { listApiKeys } from '~/modules/integrations/list-api-keys.server'
import { revokeApiKey } from '~/modules/integrations/revoke-api-key.server'
import { STEP_UP_REQUIRED } from '~/modules/auth/step-up'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserSession, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'API keys · Settings · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:api_key:any')
  const now = new Date()
  const keys = await listApiKeys({ organizationId: user.organization.id, now })
  const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
  return {
    mode: apiKeyModeFor(user.organization.environment),
    minExpiryDate: tomorrow,
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      rateLimitPerMinute: key.rateLimitPerMinute,
      status: key.status,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    })),
  }
}

type CreateResult = {
  intent: 'create'
  result: SubmissionResult<string[]>
  /** The full key, in this one response only. */
  created: { id: string; name: string; prefix: string; key: string } | null
  /** A passkey check is needed first; the page asks for it and posts the form again. */
  stepUp: boolean
}
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request, 'manage:api_key:any')
  const actor = actorForUser(user, request, context)
  const organizationId = user.organization.id
  const formData = await request.formData()

  if (formData.get('intent') === 'revoke') {
    const submission = parseWithZod(formData, { schema: revokeApiKeySchema })
    if (submission.status !== 'success') {
      return data<RevokeResult>({ intent: 'revoke', ok: false, error: 'API key not found.' }, 404)
    }
    try {
      await revokeApiKey({ organizationId, apiKeyId: submission.value.id, actor })
      return data<RevokeResult>({ intent: 'revoke', ok: true, error: null })
    } catch (error) {
      if (isAppError(error)) return data<RevokeResult>({ intent: 'revoke', ok: false, error: error.message }, error.status)
      throw error
    }
  }

  const submission = parseWithZod(formData, { schema: createApiKeySchema })
  if (submission.status !== 'success') {
    return data<CreateResult>({ intent: 'create', result: submission.reply(), created: null, stepUp: false }, 400)
  }
  const { name, scopes, expiresOn, rateLimitPerMinute } = submission.value
  try {
    const { key, apiKey } = await createApiKey({
      organizationId,
      actor,
      sessionId,
      name,
      scopes,
      expiresAt: expiresOn ? startOfUtcDay(expiresOn) : null,
      rateLimitPerMinute: rateLimitPerMinute ?? null,
    })
    return data<CreateResult>(
      {
        intent: 'create',
        result: submission.reply({ resetForm: true }),
        created: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, key },
        stepUp: false,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  } catch (error) {
    if (isAppError(error)) {
      const stepUp = error.code === STEP_UP_REQUIRED
      return data<CreateResult>(
        { intent: 'create', result: submission.reply({ formErrors: stepUp ? [] : [error.message] }), created: null, stepUp },
        error.status,
      )
    }
    throw error
  }
}

export default function ApiKeysSettings() {
  const { keys, mode, minExpiryDate } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const createResult = actionData?.intent === 'create' ? actionData : null
  const created = createResult?.created ?? null
  const [dismissedId, setDismissedId] = useState<string | null>(null)

  return (
    <div className="space-y-8">
      {created && created.id !== dismissedId ? (
        <NewKeyNotice created={created} onDismiss={() => setDismissedId(created.id)} />
      ) : null}

      <section aria-labelledby="api-keys-heading" className="space-y-3">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold">
            API keys
          </h2>
          <p className="text-sm text-muted-foreground">
            Other systems call the esd.quest API (<code className="font-mono text-xs">/api/v1</code>) with a key, sent as{' '}
            <code className="font-mono text-xs">Authorization: Bearer esd_{mode}_…</code>. A key acts for this whole
            organization, within its scopes.
          </p>
        </div>
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create one below to connect another system.</EmptyState>
        ) : (
          <Table label="API keys" className="min-w-[880px]">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} data-testid="api-key-row">
                  <Td className="font-medium">
                    {key.name}
                    <div className="text-xs font-normal text-muted-foreground">
                      {key.rateLimitPerMinute.toLocaleString('en-US')} requests/min
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{key.prefix}…</Td>
                  <Td>
                    <ul className="flex max-w-xs flex-wrap gap-1" aria-label="Scopes">
                      {key.scopes.map((scope) => (
                        <li key={scope}>
                          <Badge className="font-mono">{scope}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.lastUsedAt} empty="Never" />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.expiresAt} empty="Never" />
                  </Td>
                  <Td>
                    <ApiKeyStatusBadge status={key.status} />
                  </Td>
                  <Td className="text-right">{key.status === 'revoked' ? null : <RevokeKeyDialog apiKey={key} />}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <CreateKeyForm lastResult={createResult?.result} mode={mode} minExpiryDate={minExpiryDate} />
      <StepUpResubmit required={createResult?.stepUp ? createResult : null} />
    </div>
  )
}
