import { useEffect, useMemo, useRef, useState } from 'react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { ErrorList, Field, Input, inputClass } from '~/components/ui/field'
import { formatBytes, MEDIA_MAX_BYTES, SNIFF_BYTES, sniffImageType } from '~/modules/media/media-types'
import { describeTemplate } from '~/modules/templates/describe-template'
import { TEMPLATE_BODY_MAX, TEMPLATE_NAME_MAX } from '~/modules/templates/template-input'
import { MERGE_FIELDS, renderVariant } from '~/modules/templates/template-syntax'
import { cn } from '~/utils/cn'

const SAMPLE = Object.fromEntries(MERGE_FIELDS.map((f) => [f.key, f.sample]))
const PREVIEWS = 3

/** A template's image as the page has it. */
export type EditorMedia = { id: string; url: string; contentType: string; byteSize: number; filename: string | null }

/** The image's path on this origin (its `url` is on APP_URL's, which a page's img-src may not allow). */
const samePath = (url: string) => new URL(url, 'http://localhost').pathname

/**
 * The template form's fields: name, kind, and a body whose variants,
 * segments and lint are worked out as the operator types (the same
 * describeTemplate the server answers with), merge fields inserted at the
 * cursor, and a preview of the first variants with sample values. An image
 * (chosen here, posted with the form as `media`; or the one it has, kept as
 * `mediaId`) makes it an MMS: one message, however long.
 */
export function TemplateFields({
  defaults,
  organizationName,
  errors,
}: {
  defaults: { name: string; body: string; firstContact: boolean; media: EditorMedia | null }
  organizationName: string
  errors?: { name?: string[]; body?: string[]; firstContact?: string[]; media?: string[] }
}) {
  const [body, setBody] = useState(defaults.body)
  const [firstContact, setFirstContact] = useState(defaults.firstContact)
  const [kept, setKept] = useState<EditorMedia | null>(defaults.media)
  const [chosen, setChosen] = useState<{ url: string; name: string; size: number } | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const mms = Boolean(chosen ?? kept)
  const facts = useMemo(() => describeTemplate(body, { firstContact, organizationName, mms }), [body, firstContact, organizationName, mms])
  useEffect(() => () => void (chosen && URL.revokeObjectURL(chosen.url)), [chosen])

  const choose = async (file: File | undefined) => {
    setFileError(null)
    setChosen(null)
    if (!file) return
    const type = sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()))
    const problem = !type ? 'Choose a JPEG, PNG or GIF image.' : file.size > MEDIA_MAX_BYTES ? `The image is ${formatBytes(file.size)}; at most ${formatBytes(MEDIA_MAX_BYTES)}.` : null
    if (problem) {
      setFileError(problem)
      if (fileInput.current) fileInput.current.value = ''
      return
    }
    setChosen({ url: URL.createObjectURL(file), name: file.name, size: file.size })
  }
  const removeImage = () => {
    setKept(null)
    setChosen(null)
    setFileError(null)
    if (fileInput.current) fileInput.current.value = ''
  }
  const image = chosen ? { src: chosen.url, label: `${chosen.name} · ${formatBytes(chosen.size)}` } : kept ? { src: samePath(kept.url), label: `${kept.filename ?? 'Image'} · ${formatBytes(kept.byteSize)}` } : null
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
        <Field
          label="Image (MMS)"
          hint={<>A JPEG, PNG or GIF of at most {formatBytes(MEDIA_MAX_BYTES)} makes each message an MMS with the image. Optional.</>}
          errors={fileError ? [fileError] : errors?.media}
        >
          {(ids) => (
            <input
              {...ids}
              ref={fileInput}
              type="file"
              name="media"
              accept="image/jpeg,image/png,image/gif"
              onChange={(e) => void choose(e.target.files?.[0])}
              className="block w-full text-sm file:mr-3 file:rounded file:border file:border-border file:bg-muted file:px-3 file:py-1 file:text-sm"
            />
          )}
        </Field>
        {kept && !chosen ? <input type="hidden" name="mediaId" value={kept.id} /> : null}
        {image ? (
          <figure className="flex items-start gap-3" data-testid="media-preview">
            <img src={image.src} alt="The image each message carries" className="max-h-40 max-w-[160px] rounded border border-border object-contain" />
            <figcaption className="space-y-2 text-xs text-muted-foreground">
              <span className="block" data-testid="media-label">
                {image.label}
              </span>
              <Button variant="secondary" size="sm" onClick={removeImage}>
                Remove image
              </Button>
            </figcaption>
          </figure>
        ) : null}
      </div>

      <aside className="space-y-4" aria-label="What this message costs and risks">
        <div aria-live="polite" data-testid="template-facts" data-kind={facts.kind}>
          {facts.kind === 'mms' ? (
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums" data-testid="segments">
                1
              </span>{' '}
              <span data-testid="kind">MMS</span> ·{' '}
              <span className="tabular-nums" data-testid="characters">
                {facts.longest.characters}
              </span>{' '}
              characters
            </p>
          ) : (
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
          )}
          <p className="text-xs text-muted-foreground">
            The longest of <span data-testid="variants">{facts.variants.toLocaleString('en-US')}</span> {facts.variants === 1 ? 'variant' : 'variants'}, with sample values.
            {facts.kind === 'mms' ? ' With an image, each message is one MMS, billed as one message whatever its length.' : null}
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
