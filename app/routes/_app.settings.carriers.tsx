import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { z } from 'zod'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { Field, FormMessage, Input } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { addTwilioAccount } from '~/modules/messaging/add-twilio-account.server'
import { importTwilioNumbers, type ImportedTwilioNumbers } from '~/modules/messaging/import-twilio-numbers.server'
import { listCarrierAccounts } from '~/modules/messaging/list-carrier-accounts.server'
import { setCarrierAccountStatus } from '~/modules/messaging/set-carrier-account-status.server'
import { setSenderNumberStatus } from '~/modules/messaging/set-sender-number-status.server'
import { addTwilioAccountSchema, CARRIER_ACCOUNT_NAME_MAX_LENGTH, carrierActionSchema } from '~/modules/messaging/twilio-account-form'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Carriers · Settings · esd.quest' }]

// Admins only: carrier accounts and numbers are what `manage:number:any` grants.
const PERMISSION = 'manage:number:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const now = new Date()
  const accounts = await listCarrierAccounts({ organizationId: user.organization.id, now })
  return {
    environment: user.organization.environment,
    accounts: accounts.map((account) => ({ ...account, createdAt: account.createdAt.toISOString() })),
  }
}

type ImportReport = Pick<ImportedTwilioNumbers, 'refused' | 'skipped'>
type ActionResult = {
  intent: string
  result: SubmissionResult<string[]>
  message: string | null
  importReport: ImportReport | null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const actor = actorForUser(user, request, context)
  const organizationId = user.organization.id
  const submission = parseWithZod(await request.formData(), { schema: carrierActionSchema })
  const intent = String(submission.payload.intent ?? '')
  // The auth token never travels back to the browser, not even into the form it came from.
  const hideFields = ['authToken']
  if (submission.status !== 'success') {
    return data<ActionResult>({ intent, result: submission.reply({ hideFields }), message: null, importReport: null }, 400)
  }
  const value = submission.value
  try {
    let message: string
    let importReport: ImportReport | null = null
    switch (value.intent) {
      case 'add-account': {
        const added = await addTwilioAccount({
          organizationId,
          actor,
          name: value.name,
          accountSid: value.accountSid,
          authToken: value.authToken,
        })
        const trial = added.twilio.type === 'Trial' ? ' It is a Twilio trial account: it can text verified numbers only.' : ''
        message = `Added “${added.name}”: Twilio accepted the credentials.${trial} Import its numbers to send from them.`
        break
      }
      case 'import-numbers': {
        const imported = await importTwilioNumbers({ organizationId, actor, carrierAccountId: value.accountId })
        message = importMessage(imported)
        importReport = imported.refused.length || imported.skipped.length ? { refused: imported.refused, skipped: imported.skipped } : null
        break
      }
      case 'set-account-status': {
        const changed = await setCarrierAccountStatus({ organizationId, actor, carrierAccountId: value.accountId, status: value.status })
        message =
          changed.status === 'disabled'
            ? `“${changed.name}” is disabled: none of its numbers sends until it is enabled.`
            : `“${changed.name}” is enabled; its active numbers send again.`
        break
      }
      case 'set-number-status': {
        const changed = await setSenderNumberStatus({
          organizationId,
          actor,
          senderNumberId: value.numberId,
          status: value.status,
          reason: value.reason ?? null,
        })
        message =
          changed.status === 'paused'
            ? `${changed.e164} is paused; its queued messages wait until it is resumed.`
            : `${changed.e164} is sending again.`
        break
      }
    }
    return data<ActionResult>({ intent, result: submission.reply({ resetForm: true, hideFields }), message, importReport })
  } catch (error) {
    if (!isAppError(error)) throw error
    const field = typeof error.details?.field === 'string' ? error.details.field : null
    const result = submission.reply({
      hideFields,
      ...(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }),
    })
    return data<ActionResult>({ intent, result, message: null, importReport: null }, error.status)
  }
}

function plural(count: number, one: string, many = `${one}s`) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
}

function importMessage(imported: ImportedTwilioNumbers) {
  const parts = [`Twilio lists ${plural(imported.listed, 'number')} for this account.`]
  parts.push(
    imported.imported.length
      ? `Imported ${plural(imported.imported.length, 'new number')}, warming up from today.`
      : 'No new numbers to import.',
  )
  if (imported.unchanged) parts.push(`${plural(imported.unchanged, 'number was', 'numbers were')} already here.`)
  if (imported.moved.length) parts.push(`${plural(imported.moved.length, 'number')} moved here from another of your accounts.`)
  if (imported.refused.length) parts.push(`${plural(imported.refused.length, 'number')} refused (see below).`)
  if (imported.skipped.length) parts.push(`${plural(imported.skipped.length, 'number')} skipped (see below).`)
  if (imported.missingFromTwilio) {
    parts.push(`${plural(imported.missingFromTwilio, 'number')} of this account here ${imported.missingFromTwilio === 1 ? 'is' : 'are'} no longer on Twilio.`)
  }
  return parts.join(' ')
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type AccountRow = LoaderData['accounts'][number]
type NumberRow = AccountRow['numbers'][number]

function AddAccountForm() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof addTwilioAccountSchema>>({
    id: 'add-twilio-account',
    lastResult: actionData?.intent === 'add-account' ? actionData.result : undefined,
    constraint: getZodConstraint(addTwilioAccountSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addTwilioAccountSchema }),
  })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'add-account'
  return (
    <Card>
      <h2 id="add-account-heading" className="text-base font-semibold">
        Add a Twilio account
      </h2>
      <p className="mt-1 text-sm text-muted-foreground">
        From the Twilio Console’s <em>Account info</em>. The credentials are checked with Twilio before anything is saved; the
        Auth Token is stored encrypted and never shown again.
      </p>
      <Form method="post" {...getFormProps(form)} aria-labelledby="add-account-heading" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="add-account" />
        {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
        <div className="grid max-w-3xl gap-4 md:grid-cols-3">
          <Field label="Name" hint="How this page calls it, e.g. “Main”." errors={fields.name.errors}>
            {(ids) => (
              <Input
                {...getInputProps(fields.name, { type: 'text' })}
                {...ids}
                autoComplete="off"
                maxLength={CARRIER_ACCOUNT_NAME_MAX_LENGTH}
              />
            )}
          </Field>
          <Field label="Account SID" hint="Starts with AC." errors={fields.accountSid.errors}>
            {(ids) => (
              <Input
                {...getInputProps(fields.accountSid, { type: 'text' })}
                {...ids}
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
            )}
          </Field>
          <Field label="Auth Token" errors={fields.authToken.errors}>
            {(ids) => (
              <Input
                {...getInputProps(fields.authToken, { type: 'password' })}
                {...ids}
                // Conform would restore it from the last submission; the server never sends it back anyway.
                defaultValue=""
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
            )}
          </Field>
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? 'Checking with Twilio…' : 'Check and add account'}
        </Button>
      </Form>
    </Card>
  )
}

function AccountStatusBadge({ status }: { status: AccountRow['status'] }) {
  return <Badge tone={status === 'active' ? 'success' : 'danger'}>{status === 'active' ? 'Active' : 'Disabled'}</Badge>
}

function NumberStatus({ number }: { number: NumberRow }) {
  const tone = number.status === 'active' ? 'success' : number.status === 'paused' ? 'warning' : 'neutral'
  return (
    <div>
      <Badge tone={tone} className="capitalize">
        {number.status}
      </Badge>
      {number.status === 'paused' && number.pausedReason ? (
        <div className="mt-1 max-w-56 text-xs text-muted-foreground">{number.pausedReason}</div>
      ) : null}
    </div>
  )
}

function AccountsTable({ accounts }: { accounts: AccountRow[] }) {
  const navigation = useNavigation()
  const importing =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === 'import-numbers'
      ? String(navigation.formData.get('accountId'))
      : null
  return (
    <Table label="Carrier accounts" className="min-w-[760px]">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Kind</Th>
          <Th>Account SID</Th>
          <Th>Status</Th>
          <Th className="text-right">MPS</Th>
          <Th className="text-right">Daily cap</Th>
          <Th className="text-right">Numbers</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id} data-testid="carrier-account-row">
            <Td className="font-medium">{account.name}</Td>
            <Td>{account.kind === 'twilio' ? 'Twilio' : 'Simulated'}</Td>
            <Td className="whitespace-nowrap font-mono text-xs">
              {account.accountSidLast4 ? (
                <>
                  <span aria-hidden="true">AC••••</span>
                  <span className="sr-only">ending in </span>
                  {account.accountSidLast4}
                </>
              ) : (
                <span className="font-sans text-muted-foreground">—</span>
              )}
            </Td>
            <Td>
              <AccountStatusBadge status={account.status} />
            </Td>
            <Td className="text-right tabular-nums">{account.mps.toLocaleString('en-US')}</Td>
            <Td className="text-right tabular-nums">{account.dailyCap.toLocaleString('en-US')}</Td>
            <Td className="text-right tabular-nums">{account.numbers.length.toLocaleString('en-US')}</Td>
            <Td>
              <div className="flex flex-wrap justify-end gap-2">
                {account.kind === 'twilio' && account.status === 'active' ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="import-numbers" />
                    <input type="hidden" name="accountId" value={account.id} />
                    <Button type="submit" size="sm" variant="secondary" disabled={importing === account.id}>
                      {importing === account.id ? 'Importing…' : 'Import numbers'}
                      <span className="sr-only"> of {account.name}</span>
                    </Button>
                  </Form>
                ) : null}
                {account.status === 'active' ? (
                  <AlertDialogConfirm
                    title={`Disable “${account.name}”?`}
                    description="None of its numbers sends while it is disabled; their queued messages wait until it is enabled again."
                    confirmLabel="Disable account"
                    intent="set-account-status"
                    fields={{ accountId: account.id, status: 'disabled' }}
                    trigger={
                      <Button size="sm" variant="ghost">
                        Disable<span className="sr-only"> {account.name}</span>
                      </Button>
                    }
                  />
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="set-account-status" />
                    <input type="hidden" name="accountId" value={account.id} />
                    <input type="hidden" name="status" value="active" />
                    <Button type="submit" size="sm" variant="ghost">
                      Enable<span className="sr-only"> {account.name}</span>
                    </Button>
                  </Form>
                )}
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

function NumbersTable({ account }: { account: AccountRow }) {
  const headingId = `numbers-${account.id}`
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className="text-sm font-semibold">
        Numbers of {account.name}
      </h3>
      {account.numbers.length === 0 ? (
        <EmptyState title="No numbers yet">
          {account.kind === 'twilio'
            ? 'Import this account’s numbers from Twilio with “Import numbers” above.'
            : 'The simulated carrier’s numbers appear the first time this organization sends.'}
        </EmptyState>
      ) : (
        <Table label={`Numbers of ${account.name}`} className="min-w-[820px]">
          <thead>
            <tr>
              <Th>Number</Th>
              <Th>Area code</Th>
              <Th>State</Th>
              <Th>Status</Th>
              <Th className="text-right">MPS</Th>
              <Th className="text-right">Daily cap</Th>
              <Th className="text-right">Sent today</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {account.numbers.map((number) => (
              <tr key={number.id} data-testid="sender-number-row" data-e164={number.e164}>
                <Td className="whitespace-nowrap font-mono text-xs">{number.e164}</Td>
                <Td className="tabular-nums">{number.areaCode}</Td>
                <Td>{number.state ?? <span className="text-muted-foreground">—</span>}</Td>
                <Td>
                  <NumberStatus number={number} />
                </Td>
                <Td className="text-right tabular-nums">{number.mps.toLocaleString('en-US')}</Td>
                <Td className="whitespace-nowrap text-right tabular-nums">
                  {number.dailyCap.toLocaleString('en-US')}
                  {number.todayCap < number.dailyCap ? (
                    <div className="text-xs text-muted-foreground">
                      today {number.todayCap.toLocaleString('en-US')} (warming up)
                    </div>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{number.sentToday.toLocaleString('en-US')}</Td>
                <Td className="text-right">
                  {number.status === 'retired' ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="set-number-status" />
                      <input type="hidden" name="numberId" value={number.id} />
                      <input type="hidden" name="status" value={number.status === 'active' ? 'paused' : 'active'} />
                      <Button type="submit" size="sm" variant="ghost">
                        {number.status === 'active' ? 'Pause' : 'Resume'}
                        <span className="sr-only"> {number.e164}</span>
                      </Button>
                    </Form>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  )
}

export default function CarrierSettings() {
  const { accounts, environment } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formErrors = actionData && actionData.intent !== 'add-account' ? actionData.result.error?.[''] : undefined
  const report = actionData?.importReport ?? null
  const sandbox = environment === 'sandbox'

  return (
    <div className="space-y-8">
      {actionData?.message ? <FormMessage tone="success">{actionData.message}</FormMessage> : null}
      {formErrors?.length ? <FormMessage tone="error">{formErrors.join(' ')}</FormMessage> : null}
      {report ? (
        <FormMessage tone="info">
          {report.refused.length ? (
            <>
              <p className="font-medium">Not imported: another organization sends from these numbers</p>
              <ul className="mt-1 list-inside list-disc font-mono text-xs">
                {report.refused.map((n) => (
                  <li key={n.e164}>{n.e164}</li>
                ))}
              </ul>
              <p className="mt-1 text-xs text-muted-foreground">
                A number belongs to one organization. If these are yours, ask the platform team to move them.
              </p>
            </>
          ) : null}
          {report.skipped.length ? (
            <>
              <p className="mt-2 font-medium first:mt-0">Skipped</p>
              <ul className="mt-1 list-inside list-disc text-xs">
                {report.skipped.map((n) => (
                  <li key={n.e164}>
                    <span className="font-mono">{n.e164}</span>: {n.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </FormMessage>
      ) : null}

      <section aria-labelledby="carriers-heading" className="space-y-3">
        <div>
          <h2 id="carriers-heading" className="text-base font-semibold">
            Carrier accounts
          </h2>
          <p className="text-sm text-muted-foreground">
            The accounts and numbers this organization’s messages go out through. New numbers warm up: 25 messages on their
            first day, twice as many each day after, up to their daily cap.
          </p>
        </div>
        {sandbox ? (
          <FormMessage tone="info">
            This is a sandbox organization: it sends through the simulated carrier automatically, which gets its own account and
            five numbers the first time it sends. No real message leaves, and Twilio accounts added here are not used.
          </FormMessage>
        ) : null}
        {accounts.length === 0 ? (
          <EmptyState title="No carrier accounts yet">
            {sandbox
              ? 'Nothing to set up: the simulated carrier appears here the first time this organization sends.'
              : 'Add a Twilio account below, then import its numbers.'}
          </EmptyState>
        ) : (
          <AccountsTable accounts={accounts} />
        )}
      </section>

      {accounts.length ? (
        <section aria-labelledby="numbers-heading" className="space-y-4">
          <div>
            <h2 id="numbers-heading" className="text-base font-semibold">
              Sender numbers
            </h2>
            <p className="text-sm text-muted-foreground">
              A paused number sends nothing; its queued messages wait until it is resumed. “Sent today” counts since 00:00 UTC.
            </p>
          </div>
          {accounts.map((account) => (
            <NumbersTable key={account.id} account={account} />
          ))}
        </section>
      ) : null}

      <AddAccountForm />
    </div>
  )
}
