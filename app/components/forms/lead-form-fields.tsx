import { Field, Input, Select } from '~/components/ui/field'
import { LEAD_FORM_DISCLOSURE_MAX, LEAD_FORM_DISCLOSURE_MIN } from '~/modules/forms/lead-form-input'
import { cn } from '~/utils/cn'
import { inputClass } from '~/components/ui/field'

export type LeadFormFieldDefaults = {
  name: string
  headline: string
  intro: string
  disclosureText: string
  doubleOptIn: boolean
  verticalId: string
  tags: string
  thankYouText: string
}

type Errors = Partial<Record<keyof LeadFormFieldDefaults, string[]>> | undefined

/** The fields of a lead form's settings, shared by the new and edit pages. */
export function LeadFormFields({ defaults, errors, verticals }: { defaults: LeadFormFieldDefaults; errors: Errors; verticals: { id: string; name: string }[] }) {
  return (
    <div className="space-y-4">
      <Field label="Name" errors={errors?.name} hint="For you and your team; visitors do not see it.">
        {(ids) => <Input {...ids} name="name" defaultValue={defaults.name} required maxLength={80} />}
      </Field>
      <Field label="Headline" errors={errors?.headline} hint="The title visitors see.">
        {(ids) => <Input {...ids} name="headline" defaultValue={defaults.headline} required maxLength={120} />}
      </Field>
      <Field label="Intro (optional)" errors={errors?.intro}>
        {(ids) => <textarea {...ids} name="intro" defaultValue={defaults.intro} rows={2} maxLength={1000} className={cn(inputClass, 'h-auto py-2')} />}
      </Field>
      <Field
        label="Consent disclosure"
        errors={errors?.disclosureText}
        hint={`Shown beside the consent checkbox, word for word; each submission stores the text it showed. Say who will text, about what, that consent is not a condition of purchase, and how to opt out (${LEAD_FORM_DISCLOSURE_MIN}–${LEAD_FORM_DISCLOSURE_MAX.toLocaleString('en-US')} characters). Changing it makes a new version.`}
      >
        {(ids) => (
          <textarea {...ids} name="disclosureText" defaultValue={defaults.disclosureText} rows={5} required minLength={LEAD_FORM_DISCLOSURE_MIN} maxLength={LEAD_FORM_DISCLOSURE_MAX} className={cn(inputClass, 'h-auto py-2')} />
        )}
      </Field>
      <div className="space-y-1">
        <div className="flex items-start gap-2">
          <input id="lead-form-double-opt-in" type="checkbox" name="doubleOptIn" defaultChecked={defaults.doubleOptIn} className="mt-1 size-4" aria-describedby="lead-form-double-opt-in-hint" />
          <label htmlFor="lead-form-double-opt-in" className="text-sm font-medium">
            Double opt-in by SMS
          </label>
        </div>
        <p id="lead-form-double-opt-in-hint" className="text-xs text-muted-foreground">
          Each visitor gets one text (through the send gate) asking them to reply YES; their YES is recorded as a confirming consent grant.
        </p>
      </div>
      {verticals.length > 0 ? (
        <Field label="Vertical of the leads it creates" errors={errors?.verticalId}>
          {(ids) => (
            <Select {...ids} name="verticalId" defaultValue={defaults.verticalId}>
              {verticals.length === 1 ? null : <option value="">Choose a vertical</option>}
              {verticals.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
      <Field label="Tags (optional)" errors={errors?.tags} hint="Given to the leads it creates, separated by commas.">
        {(ids) => <Input {...ids} name="tags" defaultValue={defaults.tags} placeholder="website, seller-form" />}
      </Field>
      <Field label="Thank-you text" errors={errors?.thankYouText} hint="What visitors read after they submit.">
        {(ids) => <textarea {...ids} name="thankYouText" defaultValue={defaults.thankYouText} rows={2} required maxLength={500} className={cn(inputClass, 'h-auto py-2')} />}
      </Field>
    </div>
  )
}
