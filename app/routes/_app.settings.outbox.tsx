import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { LinkifiedText } from '~/components/email/linkified-text'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Pager } from '~/components/ui/pager'
import { EmptyState } from '~/components/ui/card'
import { Input } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'
import { UtcTime } from '~/components/ui/utc-time'
import { listOutboxMessages, type OutboxMessage } from '~/modules/integrations/email/list-outbox-messages.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { cn } from '~/utils/cn'
import { getEnv } from '~/utils/env.server'
import { pageSizeSchema } from '~/utils/pagination.server'

export const meta: MetaFunction = () => [{ title: 'Email outbox · Settings · esd.quest' }]

const recipientSchema = z.string().trim().max(320).catch('')

export async function loader({ request }: LoaderFunctionArgs) {
  // A development tool: in production the page does not exist, whoever asks.
  if (getEnv().APP_ENV === 'production') throw new Response('Not Found', { status: 404 })
  const user = await requireUserWithPermission(request, 'read:email_outbox:any')
  const params = new URL(request.url).searchParams
  const recipient = recipientSchema.parse(params.get('recipient') ?? '')
  const page = await listOutboxMessages({
    organizationId: user.organization.id,
    viewer: { email: user.email, impersonating: user.impersonating },
    recipient,
    after: params.get('after'),
    before: params.get('before'),
    pageSize: pageSizeSchema.parse(params.get('size') ?? undefined),
  })
  return { page, recipient, delivering: Boolean(getEnv().POSTMARK_SERVER_TOKEN) }
}

export default function EmailOutbox() {
  const { page, recipient, delivering } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/settings/outbox'
  const pageLink = (cursor: { after: string } | { before: string }) =>
    `?${new URLSearchParams({ ...(recipient ? { recipient } : {}), ...cursor })}`

  return (
    <section aria-labelledby="outbox-heading" className="space-y-4">
      <div>
        <h2 id="outbox-heading" className="text-base font-semibold">
          Email outbox
        </h2>
        <p className="text-sm text-muted-foreground">
          Emails sent by this organization and to its members, newest first.{' '}
          {delivering
            ? 'Postmark delivers them; this copy is for development and tests.'
            : 'No email provider is configured, so nothing leaves this machine: open links here instead.'}{' '}
          This page does not exist in production.
        </p>
        <p className="mt-1 text-sm text-muted-foreground">
          Sign-in, recovery and invitation emails carry a one-time link, so only their recipient sees it here; everyone
          else sees that the email was sent. Locked out while developing? Run{' '}
          <code className="font-mono text-xs">npm run user:sign-in-link -- &lt;email&gt;</code> for a fresh sign-in link.
        </p>
      </div>

      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor="outbox-recipient" className="block text-sm font-medium">
            Recipient
          </label>
          <Input id="outbox-recipient" name="recipient" type="search" defaultValue={recipient} placeholder="name@example.com" />
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {recipient ? (
          <Button asChild variant="ghost">
            <Link to=".">Clear</Link>
          </Button>
        ) : null}
      </Form>

      {page.items.length === 0 ? (
        <EmptyState title={recipient ? `No emails to “${recipient}”` : 'No emails yet'}>
          {recipient
            ? 'Try part of the address, or clear the filter.'
            : 'Sign-in recovery links and invitations appear here as soon as they are sent.'}
        </EmptyState>
      ) : (
        <div className={cn(loading && 'opacity-60')} aria-busy={loading}>
          <p className="mb-2 text-xs text-muted-foreground">
            {page.total.toLocaleString('en-US')} {page.total === 1 ? 'email' : 'emails'}
          </p>
          <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
            {page.items.map((message) => (
              <OutboxRow key={message.id} message={message} />
            ))}
          </ul>
        </div>
      )}

      {page.prevCursor || page.nextCursor ? (
        <Pager
          newerHref={page.prevCursor ? pageLink({ before: page.prevCursor }) : null}
          olderHref={page.nextCursor ? pageLink({ after: page.nextCursor }) : null}
        />
      ) : null}
    </section>
  )
}

function OutboxRow({ message }: { message: OutboxMessage }) {
  return (
    <li data-testid="outbox-message">
      <details className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-muted/50 sm:grid sm:grid-cols-[1rem_11rem_minmax(0,14rem)_minmax(0,1fr)_auto_auto] [&::-webkit-details-marker]:hidden">
          <Icon name="next" className="text-muted-foreground transition-transform group-open:rotate-90 motion-reduce:transition-none" />
          <span className="text-xs text-muted-foreground">
            <UtcTime value={message.createdAt} precision="second" />
          </span>
          <span className="truncate font-mono text-xs" title={message.to}>
            {message.to}
          </span>
          <span className="min-w-0 basis-full truncate font-medium sm:basis-auto">{message.subject}</span>
          <Badge className="w-fit font-mono">{message.tag}</Badge>
          <StatusBadge status={message.status} />
        </summary>
        <div className="space-y-3 border-t border-border bg-background px-4 py-3 text-sm">
          {message.error ? (
            <p className="flex gap-2 text-danger" role="note">
              <Icon name="warning" className="mt-0.5" />
              <span>{message.error}</span>
            </p>
          ) : null}
          {message.bodyHidden ? (
            <p className="flex gap-2 text-muted-foreground" role="note" data-testid="outbox-body-hidden">
              <Icon name="lock" className="mt-0.5" />
              <span>
                This email carries a one-time link for {message.to}; only they can read it here. If that is you and you
                are locked out, run <code className="font-mono text-xs">npm run user:sign-in-link -- {message.to}</code>{' '}
                for a fresh sign-in link.
              </span>
            </p>
          ) : message.textBody ? (
            <LinkifiedText text={message.textBody} className="rounded border border-border bg-surface p-3 text-sm" />
          ) : (
            <p className="text-muted-foreground">No text body is stored for this email.</p>
          )}
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted-foreground">
            <div>
              <dt className="sr-only">Status</dt>
              <dd>{statusTitles[message.status]}</dd>
            </div>
            {message.sentAt ? (
              <div>
                <dt className="inline">Sent: </dt>
                <dd className="inline">
                  <UtcTime value={message.sentAt} precision="second" />
                </dd>
              </div>
            ) : null}
            {message.providerMessageId ? (
              <div>
                <dt className="inline">Postmark MessageID: </dt>
                <dd className="inline font-mono">{message.providerMessageId}</dd>
              </div>
            ) : null}
          </dl>
        </div>
      </details>
    </li>
  )
}

const statusTones = {
  queued: 'neutral',
  sent: 'success',
  captured: 'accent',
  failed: 'danger',
} as const

const statusTitles = {
  queued: 'Waiting for delivery',
  sent: 'Accepted by Postmark',
  captured: 'Kept in the outbox: no email provider is configured',
  failed: 'Not delivered (see the error)',
} as const

function StatusBadge({ status }: { status: OutboxMessage['status'] }) {
  return (
    <Badge tone={statusTones[status]} className="w-fit capitalize" title={statusTitles[status]}>
      {status}
    </Badge>
  )
}
