import { useMemo, useRef, useState } from 'react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { ErrorList, Field, Input, inputClass } from '~/components/ui/field'
import { describeTemplate } from '~/modules/templates/describe-template'
import { TEMPLATE_BODY_MAX, TEMPLATE_NAME_MAX } from '~/modules/templates/template-input'
import { MERGE_FIELDS, renderVariant } from '~/modules/templates/template-syntax'
import { cn } from '~/utils/cn'

const SAMPLE = Object.fromEntries(MERGE_FIELDS.map((f) => [f.key, f.sample]))
const PREVIEWS = 3

/**
 * The template form's fields: name, kind, and a body whose variants,
 * segments and lint are worked out as the operator types (the same
 * describeTemplate the server answers with), merge fields inserted at the
 * cursor, and a preview of the first variants with sample values.
 */
export function TemplateFields({
  defaults,
  organizationName,
  errors,
}: {
  defaults: { name: string; body: string; firstContact: boolean }
  organizationName: string
  errors?: { name?: string[]; body?: string[]; firstContact?: string[] }
}) {
  const [body, setBody] = useState(defaults.body)
  const [firstContact, setFirstContact] = useState(defaults.firstContact)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const facts = useMemo(() => describeTemplate(body, { firstContact, organizationName }), [body, firstContact, organizationName])
  const previews = useMemo(
    () => Array.from({ length: Math.min(facts.variants, PREVIEWS) }, (_, i) => renderVariant(body, SAMPLE, i).text),
    [body, facts.variants],
  )

  const insert = (token: string) => {
    const el = textarea.current
    const start = el?.selectionStart ?? body.length
    const end = el?.selectionEnd ?? body.length
    const next = body.slice(0, start) + token + body.slice(end)
    setBody(next)
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + token.length, start + token.length)
    })
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="space-y-4">
        <Field label="Name" errors={errors?.name}>
          {(ids) => <Input {...ids} name="name" defaultValue={defaults.name} maxLength={TEMPLATE_NAME_MAX} required autoComplete="off" />}
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Kind</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="firstContact" value="true" checked={firstContact} onChange={() => setFirstContact(true)} />
            First contact: must say how to opt out and who is writing
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="firstContact" value="false" checked={!firstContact} onChange={() => setFirstContact(false)} />
            Follow-up in a conversation
          </label>
          <ErrorList errors={errors?.firstContact} />
        </fieldset>
        <Field
          label="Message"
          hint={
            <>
              Merge fields: <code>{'{first_name}'}</code>, with a fallback <code>{'{first_name|there}'}</code>. Spintax picks one per message: <code>{'{Hi|Hello}'}</code>.
            </>
          }
          errors={errors?.body}
        >
          {(ids) => (
            <textarea
              {...ids}
              ref={textarea}
              name="body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              maxLength={TEMPLATE_BODY_MAX}
              rows={6}
              required
              className={cn(inputClass, 'h-auto py-2 font-mono')}
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Insert a merge field">
          {MERGE_FIELDS.map((field) => (
            <Button key={field.key} variant="secondary" size="sm" onClick={() => insert(`{${field.key}}`)} title={`Insert ${field.label}`}>
              {`{${field.key}}`}
            </Button>
          ))}
        </div>
      </div>

      <aside className="space-y-4" aria-label="What this message costs and risks">
        <div aria-live="polite" data-testid="template-facts">
          <p className="text-sm">
            <span className="text-2xl font-semibold tabular-nums" data-testid="segments">
              {facts.longest.segments}
            </span>{' '}
            {facts.longest.segments === 1 ? 'segment' : 'segments'} ·{' '}
            <span data-testid="encoding">{facts.longest.encoding}</span> ·{' '}
            <span className="tabular-nums" data-testid="characters">
              {facts.longest.characters}
            </span>{' '}
            characters
          </p>
          <p className="text-xs text-muted-foreground">
            The longest of <span data-testid="variants">{facts.variants.toLocaleString('en-US')}</span> {facts.variants === 1 ? 'variant' : 'variants'}, with sample values.
          </p>
        </div>
        <div>
          <h2 className="text-sm font-medium">Checks</h2>
          {facts.lint.length === 0 ? (
            <p className="text-sm text-success" data-testid="lint-clean">
              No issues found.
            </p>
          ) : (
            <ul className="mt-1 space-y-2" data-testid="lint">
              {facts.lint.map((issue, i) => (
                <li key={`${issue.code}-${i}`} className="text-sm" data-testid="lint-issue" data-code={issue.code}>
                  <Badge tone={issue.severity === 'error' ? 'danger' : 'warning'}>{issue.severity}</Badge> {issue.message}
                  {issue.detail ? <span className="block text-xs text-muted-foreground">{issue.detail}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
        {previews.length ? (
          <div>
            <h2 className="text-sm font-medium">Preview</h2>
            <ol className="mt-1 space-y-2">
              {previews.map((text, i) => (
                <li key={i} className="whitespace-pre-wrap rounded border border-border bg-muted/40 p-2 text-sm" data-testid="preview">
                  {text}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </aside>
    </div>
  )
}
