import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { randomUUID } from 'node:crypto'
import { useEffect, useRef } from 'react'
import { z } from 'zod'
import { SendToGoHighLevel } from '~/components/gohighlevel/send-to-gohighlevel'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { ErrorList, FormMessage, inputClass, Select } from '~/components/ui/field'
import { UtcTime } from '~/components/ui/utc-time'
import { goHighLevelButtonState } from '~/modules/integrations/gohighlevel/gohighlevel-button-state.server'
import { getConversation } from '~/modules/messaging/get-conversation.server'
import { MAX_BODY_LENGTH } from '~/modules/messaging/queue-sends.server'
import { replyInConversation } from '~/modules/messaging/reply-in-conversation.server'
import { updateConversation } from '~/modules/messaging/update-conversation.server'
import { listActiveUsers } from '~/modules/orgs/list-active-users.server'
import { conversationRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { cn } from '~/utils/cn'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction = () => [{ title: 'Conversation · esd.quest' }]

// Realtime pushes every change (a broadcast, or a storage mark on the dev server); polling is only the fallback.
const POLL_MS = 30_000

function notFound(): never {
  throw new Response('No such conversation', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:conversation:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  try {
    const conversation = await getConversation({ organizationId: user.organization.id, conversationId: id.data, showFullPhoneNumbers: userHasPermission(user, 'read:phone:any') })
    const goHighLevel = Boolean(conversation.leadId) && userHasPermission(user, 'write:lead:any') && (await goHighLevelButtonState({ organizationId: user.organization.id })).available
    const canManage = userHasPermission(user, 'write:conversation:any')
    return {
      conversation,
      roomId: conversationRoomId(user.organization.id, id.data),
      canReply: userHasPermission(user, 'send:message:any'),
      canManage,
      teammates: canManage ? await listActiveUsers({ organizationId: user.organization.id }) : [],
      userId: user.id,
      replyKey: randomUUID(),
      goHighLevel,
    }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const replySchema = z.object({
  intent: z.literal('reply').default('reply'),
  body: z.string({ error: 'Write the reply.' }).trim().min(1, 'Write the reply.').max(MAX_BODY_LENGTH, `At most ${MAX_BODY_LENGTH} characters.`),
  idempotencyKey: z.uuid(),
})

const manageSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('status'), status: z.enum(['open', 'closed']) }),
  z.object({ intent: z.literal('assign'), assignedUserId: z.union([z.uuid(), z.literal('')]).default('') }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'status' || intent === 'assign') return manage({ request, params, context }, formData)
  const user = await requireUserWithPermission(request, 'send:message:any')
  if (!userHasPermission(user, 'read:conversation:any')) throw new Response('Not allowed', { status: 403 })
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  const submission = parseWithZod(formData, { schema: replySchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), blocked: null }, 400)
  try {
    const sent = await replyInConversation({
      organizationId: user.organization.id,
      conversationId: id.data,
      actor: actorForUser(user, request, context),
      body: submission.value.body,
      idempotencyKey: submission.value.idempotencyKey,
    })
    const blocked = sent.blocked[0]
    return { result: submission.reply({ resetForm: !blocked }), blocked: blocked ? { reason: blocked.reason, message: blocked.message, detail: blocked.detail ?? null } : null }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    if (isAppError(error) && error.status < 500) return data({ result: submission.reply({ formErrors: [error.message] }), blocked: null }, error.status)
    throw error
  }
}

/** Close or reopen the conversation, or (un)assign it: one audited change through updateConversation. */
async function manage({ request, params, context }: Pick<ActionFunctionArgs, 'request' | 'params' | 'context'>, formData: FormData) {
  const user = await requireUserWithPermission(request, 'write:conversation:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  const parsed = manageSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data({ result: null, blocked: null, manageError: 'That change is not possible.' }, 400)
  try {
    await updateConversation({
      organizationId: user.organization.id,
      conversationId: id.data,
      actor: actorForUser(user, request, context),
      ...(parsed.data.intent === 'status' ? { status: parsed.data.status } : { assignedUserId: parsed.data.assignedUserId || null }),
    })
    return { result: null, blocked: null, manageError: null }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    if (isAppError(error) && error.status < 500) return data({ result: null, blocked: null, manageError: error.message }, error.status)
    throw error
  }
}

const STATUS_TONE: Record<string, 'success' | 'danger' | 'neutral' | 'accent'> = { delivered: 'success', undelivered: 'danger', failed: 'danger', sent: 'accent' }

export default function ConversationPage() {
  const { conversation, roomId, canReply, canManage, teammates, userId, replyKey, goHighLevel } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  const navigation = useNavigation()
  const submittingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const sending = navigation.state === 'submitting' && (submittingIntent === null || submittingIntent === 'reply')
  const busy = navigation.state === 'submitting' && (submittingIntent === 'status' || submittingIntent === 'assign')
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (answer?.result && !answer.blocked && !answer.result.error) form.current?.reset()
  }, [answer])
  const errors = answer?.result?.error ?? {}
  const manageError = answer && 'manageError' in answer ? answer.manageError : null
  return (
    <>
      <PageHeader
        title={conversation.name ?? conversation.to}
        description={`${conversation.to} · texted from ${conversation.from}`}
        actions={<Link to="/conversations" className="text-sm underline underline-offset-2">All conversations</Link>}
      />
      <section aria-label="Status and assignee" className="mb-4 flex flex-col gap-3 rounded border border-border bg-surface p-3 text-sm sm:flex-row sm:flex-wrap sm:items-center" data-testid="conversation-manage">
        <p className="flex items-center gap-2">
          <span className="text-muted-foreground">Status:</span>
          <Badge tone={conversation.status === 'open' ? 'success' : 'neutral'} data-testid="conversation-status">{conversation.status === 'open' ? 'Open' : 'Closed'}</Badge>
        </p>
        <p className="flex items-center gap-2">
          <span className="text-muted-foreground">Assignee:</span>
          <span data-testid="conversation-assignee">{conversation.assignee ? (conversation.assignee.id === userId ? `${conversation.assignee.name} (you)` : conversation.assignee.name) : 'Unassigned'}</span>
        </p>
        {canManage ? (
          <div className="flex flex-col gap-2 sm:ml-auto sm:flex-row sm:flex-wrap sm:items-center">
            <Form method="post" className="flex">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={conversation.status === 'open' ? 'closed' : 'open'} />
              <Button type="submit" variant="secondary" size="sm" disabled={busy} className="w-full sm:w-auto">
                {conversation.status === 'open' ? 'Close conversation' : 'Reopen conversation'}
              </Button>
            </Form>
            {conversation.assignee?.id !== userId ? (
              <Form method="post" className="flex">
                <input type="hidden" name="intent" value="assign" />
                <input type="hidden" name="assignedUserId" value={userId} />
                <Button type="submit" variant="secondary" size="sm" disabled={busy} className="w-full sm:w-auto">Assign to me</Button>
              </Form>
            ) : null}
            <Form method="post" className="flex items-center gap-2">
              <input type="hidden" name="intent" value="assign" />
              <label htmlFor="assignee" className="sr-only">Assign to</label>
              <Select id="assignee" name="assignedUserId" defaultValue={conversation.assignee?.id ?? ''} key={conversation.assignee?.id ?? 'none'} className="h-8 min-w-0 flex-1 sm:w-48">
                <option value="">Unassigned</option>
                {teammates.map((t) => (
                  <option key={t.id} value={t.id}>{t.id === userId ? `${t.name} (you)` : t.name}</option>
                ))}
              </Select>
              <Button type="submit" variant="secondary" size="sm" disabled={busy}>Assign</Button>
            </Form>
          </div>
        ) : null}
        {manageError ? <div className="w-full"><FormMessage tone="error">{manageError}</FormMessage></div> : null}
      </section>
      {goHighLevel && conversation.leadId ? (
        <div className="mb-4">
          <SendToGoHighLevel leadId={conversation.leadId} />
        </div>
      ) : null}
      <LiveRefresh roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active eventType="messages.changed" pollMs={POLL_MS} followStorage />
      {!conversation.replyAllowed && conversation.replyBlocked ? (
        <div className="mb-4" data-testid="conversation-blocked">
          <FormMessage tone="info">
            No message can be sent to this number: {conversation.replyBlocked.message}.
          </FormMessage>
        </div>
      ) : null}
      <ol className="flex flex-col gap-2" aria-label="Messages" data-testid="thread">
        {conversation.messages.map((m) => (
          <li
            key={m.id}
            data-testid="message"
            data-direction={m.direction}
            data-status={m.status}
            className={cn('max-w-[80%] rounded-lg border bg-surface px-3 py-2 text-sm', m.direction === 'outbound' ? 'self-end border-primary/50' : 'self-start border-border')}
          >
            <p className="whitespace-pre-wrap break-words">{m.body}</p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <UtcTime value={m.createdAt} precision="second" />
              {m.direction === 'outbound' ? <Badge tone={STATUS_TONE[m.status] ?? 'neutral'}>{m.status}{m.errorCode ? ` · ${m.errorCode}` : ''}</Badge> : null}
              {m.direction === 'inbound' && m.replyClass && m.replyClass !== 'none' ? (
                <Badge tone={m.replyClass === 'opt_out' ? 'danger' : 'warning'} data-testid="reply-class">{m.replyClass.replaceAll('_', ' ')}</Badge>
              ) : null}
            </p>
          </li>
        ))}
      </ol>
      {canReply ? (
        <Form method="post" ref={form} className="mt-6 space-y-2" aria-label="Reply">
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="idempotencyKey" value={replyKey} />
          {errors['']?.length ? <FormMessage tone="error">{errors[''].join(' ')}</FormMessage> : null}
          {answer?.blocked ? (
            <FormMessage tone="error">
              Not sent: {answer.blocked.message}
              {answer.blocked.detail ? ` (${answer.blocked.detail})` : ''}.
            </FormMessage>
          ) : null}
          <label htmlFor="reply-body" className="block text-sm font-medium">Reply</label>
          <textarea id="reply-body" name="body" rows={3} maxLength={MAX_BODY_LENGTH} className={cn(inputClass, 'h-auto py-2')} aria-invalid={errors.body ? true : undefined} aria-describedby={errors.body ? 'reply-error' : undefined} />
          <ErrorList id="reply-error" errors={errors.body} />
          <div className="flex justify-end">
            <Button type="submit" disabled={sending}>{sending ? 'Sending…' : 'Send reply'}</Button>
          </div>
        </Form>
      ) : null}
    </>
  )
}
