import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { Button } from '~/components/ui/button'
import { Field, FormMessage, Select } from '~/components/ui/field'
import { CONSENT_KINDS } from '~/modules/ingest/consent-kinds'
import { AUTO_PARSER, IMPORT_CLASSES, startImportSchema } from '~/modules/ingest/start-import-schema'
import type { UploadSummary } from '~/modules/ingest/upload-summary.server'

export type StartImportOptions = {
  verticals: { key: string; name: string }[]
  parsers: { key: string; label: string }[]
  savedMaps: { id: string; name: string }[]
}

const CLASS_LABELS: Record<(typeof IMPORT_CLASSES)[number], string> = {
  universe: 'Universe — new leads (creates people, properties and leads)',
  enrichment: 'Enrichment — adds to leads it matches, never creates any',
  compliance: 'Compliance — opt-outs, DNC or litigator lists (consent events)',
}

const KIND_LABELS: Record<(typeof CONSENT_KINDS)[number], string> = {
  opt_out: 'Opt-outs',
  opt_in: 'Opt-ins',
  dnc_listed: 'Do-not-call list',
  litigator_listed: 'Known litigators',
  complaint: 'Complaints',
  wrong_number: 'Wrong numbers',
  consent_granted: 'Consent granted',
}

/** After the upload: what the file is and how to read it; posts to the page's action, which starts the import. */
export function StartImportForm({ upload, options, lastResult }: { upload: UploadSummary; options: StartImportOptions; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const [form, fields] = useForm({
    id: 'start-import',
    lastResult,
    constraint: getZodConstraint(startImportSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { uploadId: upload.id, class: 'universe', parser: AUTO_PARSER, verticalKey: options.verticals.length === 1 ? options.verticals[0]!.key : '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: startImportSchema }),
  })
  const [importClass, setImportClass] = useState<string>('universe')
  const previous = upload.previousImport

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="start-import-form">
      <h2 className="text-base font-semibold">Start the import</h2>
      <input {...getInputProps(fields.uploadId, { type: 'hidden' })} />
      {previous ? (
        <div className="space-y-2 rounded border border-border bg-muted px-3 py-2 text-sm" data-testid="rerun-offer">
          <p>
            This file was imported before:{' '}
            <Link to={`/imports/${previous.importFileId}`} className="font-medium underline underline-offset-4">
              {previous.filename}, {previous.createdAt.slice(0, 10)} ({previous.status})
            </Link>
            . Importing it again re-runs it: what it already added is matched, nothing is duplicated.
          </p>
          <input type="hidden" name="rerunOfId" value={previous.importFileId} />
        </div>
      ) : null}
      {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}

      <Field label="What the file is" errors={fields.class.errors}>
        {(ids) => (
          <Select {...getSelectProps(fields.class)} {...ids} key={fields.class.key} className="h-11 sm:h-9" onChange={(e) => setImportClass(e.currentTarget.value)}>
            {IMPORT_CLASSES.map((c) => (
              <option key={c} value={c}>
                {CLASS_LABELS[c]}
              </option>
            ))}
          </Select>
        )}
      </Field>

      {importClass === 'universe' ? (
        <Field
          label="Vertical"
          hint={options.verticals.length === 0 ? 'This organization has no vertical yet; an admin adds one first.' : 'Every lead of the file belongs to it.'}
          errors={fields.verticalKey.errors}
        >
          {(ids) => (
            <Select {...getSelectProps(fields.verticalKey)} {...ids} key={fields.verticalKey.key} className="h-11 sm:h-9">
              <option value="">Choose…</option>
              {options.verticals.map((v) => (
                <option key={v.key} value={v.key}>
                  {v.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}

      {importClass === 'compliance' ? (
        <Field label="Every number of the file is" errors={fields.complianceKind.errors}>
          {(ids) => (
            <Select {...getSelectProps(fields.complianceKind)} {...ids} key={fields.complianceKind.key} className="h-11 sm:h-9">
              <option value="">Choose…</option>
              {CONSENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}

      <Field
        label="Read it as"
        hint="Detection picks the parser from the header. A file no parser recognizes is still read in full and stops there: map its columns on the import page, then re-extract."
        errors={fields.parser.errors}
      >
        {(ids) => (
          <Select {...getSelectProps(fields.parser)} {...ids} key={fields.parser.key} className="h-11 sm:h-9">
            <option value={AUTO_PARSER}>Detect automatically (recommended)</option>
            {options.parsers.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
            {options.savedMaps.map((m) => (
              <option key={m.id} value={`map:${m.id}`}>
                Generic CSV with the saved column map “{m.name}”
              </option>
            ))}
          </Select>
        )}
      </Field>

      <Button type="submit" className="h-11 w-full sm:h-9 sm:w-auto" disabled={submitting}>
        {submitting ? 'Starting…' : previous ? 'Import it again' : 'Start the import'}
      </Button>
    </Form>
  )
}
