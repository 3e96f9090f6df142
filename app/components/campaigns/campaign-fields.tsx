import { Field, Input, Select } from '~/components/ui/field'

export type CampaignFormOptions = {
  filters: { id: string; name: string; usable: boolean }[]
  templates: { id: string; name: string }[]
  verticals: { id: string; name: string }[]
  crusades: { id: string; name: string }[]
  numbers: { id: string; e164: string }[]
  accounts: { id: string; name: string }[]
}

export type CampaignFormDefaults = {
  name: string
  purpose: string
  savedFilterId: string
  verticalId: string
  templateIds: string[]
  senderNumberIds: string[]
  carrierAccountIds: string[]
  senderName: string
  crusadeId: string
  days: number[]
  windowStart: string
  windowEnd: string
  timeZone: string
  startsAt: string
  endsAt: string
  throttlePerMinute: string
  jitterSeconds: string
  pauseFilteredPercent: string
  pauseFailedPercent: string
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

function CheckboxGroup({ legend, name, items, checked, errors, hint }: { legend: string; name: string; items: { value: string; label: string }[]; checked: string[]; errors?: string[]; hint?: string }) {
  return (
    <fieldset className="space-y-1" aria-invalid={errors?.length ? true : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {items.map((item) => (
          <label key={item.value} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name} value={item.value} defaultChecked={checked.includes(item.value)} />
            {item.label}
          </label>
        ))}
      </div>
      {errors?.length ? (
        <ul className="text-xs text-danger" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  )
}

/** The fields of a campaign draft: audience, messages, senders, schedule, throttle and the limits that pause it. */
export function CampaignFields({ options, defaults, errors = {} }: { options: CampaignFormOptions; defaults: CampaignFormDefaults; errors?: Record<string, string[]> }) {
  return (
    <div className="space-y-6">
      <section className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" errors={errors.name}>
          {(ids) => <Input {...ids} name="name" defaultValue={defaults.name} maxLength={80} required />}
        </Field>
        <Field label="Audience (saved lead filter)" errors={errors.savedFilterId} hint="Its leads are snapshotted at launch: leads that match later are not texted.">
          {(ids) => (
            <Select {...ids} name="savedFilterId" defaultValue={defaults.savedFilterId} required>
              <option value="">Choose a saved filter…</option>
              {options.filters.map((f) => (
                <option key={f.id} value={f.id} disabled={!f.usable}>
                  {f.name}
                  {f.usable ? '' : ' (no longer applies)'}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Purpose" errors={errors.purpose} hint="Informational messages are gated like marketing.">
          {(ids) => (
            <Select {...ids} name="purpose" defaultValue={defaults.purpose}>
              <option value="marketing">Marketing</option>
              <option value="informational">Informational</option>
            </Select>
          )}
        </Field>
        <Field label="Vertical" errors={errors.verticalId} hint="Its retext cooldowns apply. Default: each lead’s own.">
          {(ids) => (
            <Select {...ids} name="verticalId" defaultValue={defaults.verticalId}>
              <option value="">Each lead’s vertical</option>
              {options.verticals.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </section>
      <CheckboxGroup
        legend="Templates"
        name="templateIds"
        hint="Sent in turn, each with its spintax variants in turn."
        items={options.templates.map((t) => ({ value: t.id, label: t.name }))}
        checked={defaults.templateIds}
        errors={errors.templateIds}
      />
      <section className="grid gap-4 sm:grid-cols-2">
        <Field label="Sender name ({sender_name})" errors={errors.senderName}>
          {(ids) => <Input {...ids} name="senderName" defaultValue={defaults.senderName} maxLength={40} />}
        </Field>
        <Field label="Crusade" errors={errors.crusadeId} hint="In a crusade, its schedule and throttle budget are the crusade’s.">
          {(ids) => (
            <Select {...ids} name="crusadeId" defaultValue={defaults.crusadeId}>
              <option value="">None</option>
              {options.crusades.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </section>
      {options.accounts.length > 1 || options.numbers.length > 1 ? (
        <details className="space-y-2">
          <summary className="cursor-pointer text-sm font-medium">Sender pool (default: every active number)</summary>
          <CheckboxGroup legend="Accounts" name="carrierAccountIds" items={options.accounts.map((a) => ({ value: a.id, label: a.name }))} checked={defaults.carrierAccountIds} errors={errors.carrierAccountIds} />
          <CheckboxGroup legend="Numbers" name="senderNumberIds" items={options.numbers.map((n) => ({ value: n.id, label: n.e164 }))} checked={defaults.senderNumberIds} errors={errors.senderNumberIds} />
        </details>
      ) : null}
      <CheckboxGroup legend="Days" name="days" items={DAYS.map((label, i) => ({ value: String(i), label }))} checked={defaults.days.map(String)} errors={errors.days} />
      <section className="grid gap-4 sm:grid-cols-3">
        <Field label="From (local time)" errors={errors.windowStart}>
          {(ids) => <Input {...ids} type="time" name="windowStart" defaultValue={defaults.windowStart} required />}
        </Field>
        <Field label="Until" errors={errors.windowEnd}>
          {(ids) => <Input {...ids} type="time" name="windowEnd" defaultValue={defaults.windowEnd} required />}
        </Field>
        <Field label="Time zone" errors={errors.timeZone} hint="Each recipient’s legal hours are checked too.">
          {(ids) => <Input {...ids} name="timeZone" defaultValue={defaults.timeZone} required />}
        </Field>
        <Field label="Starts (optional)" errors={errors.startsAt} hint="Empty: as soon as it is launched.">
          {(ids) => <Input {...ids} type="datetime-local" name="startsAt" defaultValue={defaults.startsAt} />}
        </Field>
        <Field label="Ends (optional)" errors={errors.endsAt}>
          {(ids) => <Input {...ids} type="datetime-local" name="endsAt" defaultValue={defaults.endsAt} />}
        </Field>
        <Field label="Messages per minute" errors={errors.throttlePerMinute}>
          {(ids) => <Input {...ids} type="number" inputMode="numeric" min={1} max={6000} name="throttlePerMinute" defaultValue={defaults.throttlePerMinute} required />}
        </Field>
        <Field label="Jitter (seconds)" errors={errors.jitterSeconds}>
          {(ids) => <Input {...ids} type="number" inputMode="numeric" min={0} max={3600} name="jitterSeconds" defaultValue={defaults.jitterSeconds} />}
        </Field>
        <Field label="Pause at filtered (30007) %" errors={errors.pauseFilteredPercent}>
          {(ids) => <Input {...ids} type="number" step="0.1" min={0.1} max={100} name="pauseFilteredPercent" defaultValue={defaults.pauseFilteredPercent} />}
        </Field>
        <Field label="Pause at failed %" errors={errors.pauseFailedPercent}>
          {(ids) => <Input {...ids} type="number" step="0.1" min={0.1} max={100} name="pauseFailedPercent" defaultValue={defaults.pauseFailedPercent} />}
        </Field>
      </section>
    </div>
  )
}
