/**
 * The syntax of a message template, and its rendering for one lead. Pure and
 * browser-safe: the editor parses and previews with it as the server sends.
 *
 * - Merge field: `{first_name}`, or with a fallback for a missing or blank
 *   value: `{first_name|there}`. A group is a field only when its content, or
 *   its text before the first `|`, is exactly one of the `MERGE_FIELDS` keys.
 * - Spintax: `{Hi|Hello|Hey}`, any group with a `|` whose first option is not
 *   a field key. Each message gets one option; options may not be empty.
 * - Groups do not nest: merge fields cannot go inside spin options.
 *
 * Errors: an unmatched `{` or `}` (unbalanced_braces), a `{` inside a group
 * (nested_braces), `{word}` where word is not a field (unknown_field), an
 * empty spin option as in `{Hi||Hey}` (empty_option), and `{}` (empty_group).
 * A group with an error is kept as literal text in the parts.
 */

export const MERGE_FIELDS = [
  { key: 'first_name', label: 'First name', sample: 'Dana' },
  { key: 'last_name', label: 'Last name', sample: 'Reyes' },
  { key: 'full_name', label: 'Full name', sample: 'Dana Reyes' },
  { key: 'property_address', label: 'Property address', sample: '12 Oak St' },
  { key: 'property_city', label: 'City', sample: 'Austin' },
  { key: 'property_state', label: 'State', sample: 'TX' },
  { key: 'property_zip', label: 'ZIP', sample: '78701' },
  { key: 'sender_name', label: 'Sender name', sample: 'Sam' },
  { key: 'company_name', label: 'Company name', sample: 'Lone Star Homes' },
] as const satisfies readonly { key: string; label: string; sample: string }[]

export type MergeFieldKey = (typeof MERGE_FIELDS)[number]['key']

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'field'; key: MergeFieldKey; fallback: string | null } | { kind: 'spin'; options: string[] }

/** `index`: the offset in the body of the offending `{` or `}`. */
export type TemplateSyntaxError = {
  code: 'unbalanced_braces' | 'nested_braces' | 'unknown_field' | 'empty_option' | 'empty_group'
  message: string
  index: number
}

export type ParsedTemplate = { parts: TemplatePart[]; errors: TemplateSyntaxError[] }

export type MergeValues = Partial<Record<MergeFieldKey, string | null | undefined>>

export type Rendering = { text: string; missing: MergeFieldKey[] }

const FIELD_KEYS: ReadonlySet<string> = new Set(MERGE_FIELDS.map((field) => field.key))

const isFieldKey = (text: string): text is MergeFieldKey => FIELD_KEYS.has(text)

/** A group as written, shortened for a message. */
const quote = (group: string) => (group.length > 40 ? `${group.slice(0, 37)}...` : group)

type Group = { start: number; end: number; nestedAt: number | null }

/**
 * Matches braces like brackets: a `}` closes the nearest open `{`. Returns the
 * outermost matched groups, with the first `{` nested in each, and the braces
 * left unmatched.
 */
function matchBraces(body: string): { groups: Group[]; unmatched: number[] } {
  const open: number[] = []
  const unmatched: number[] = []
  const pairs: [number, number][] = []
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') open.push(i)
    else if (body[i] === '}') {
      const start = open.pop()
      if (start === undefined) unmatched.push(i)
      else pairs.push([start, i])
    }
  }
  unmatched.push(...open)
  const groups: Group[] = []
  for (const [start, end] of pairs.sort(([a], [b]) => a - b)) {
    const outer = groups.at(-1)
    if (outer && start < outer.end) outer.nestedAt ??= start
    else groups.push({ start, end, nestedAt: null })
  }
  return { groups, unmatched: unmatched.sort((a, b) => a - b) }
}

function parseGroup(content: string, index: number): TemplatePart | TemplateSyntaxError {
  const group = `{${content}}`
  if (content === '') {
    return { code: 'empty_group', index, message: 'Empty braces {}: write a merge field such as {first_name} or spin options such as {Hi|Hello}.' }
  }
  const pipe = content.indexOf('|')
  const head = pipe === -1 ? content : content.slice(0, pipe)
  if (isFieldKey(head)) return { kind: 'field', key: head, fallback: pipe === -1 ? null : content.slice(pipe + 1) }
  if (pipe === -1) {
    const meant = content.trim().toLowerCase()
    const hint = isFieldKey(meant) ? ` Did you mean {${meant}}?` : ''
    const known = MERGE_FIELDS.map((field) => field.key).join(', ')
    return { code: 'unknown_field', index, message: `Unknown merge field ${quote(group)}.${hint} The fields are: ${known}.` }
  }
  const options = content.split('|')
  if (options.includes('')) {
    return { code: 'empty_option', index, message: `The spin options ${quote(group)} include an empty one: remove the extra "|" or write the option.` }
  }
  return { kind: 'spin', options }
}

export function parseTemplate(body: string): ParsedTemplate {
  const { groups, unmatched } = matchBraces(body)
  const parts: TemplatePart[] = []
  const errors: TemplateSyntaxError[] = unmatched.map((index) => ({
    code: 'unbalanced_braces',
    index,
    message:
      body[index] === '{'
        ? `A "{" is never closed ("${body.slice(index, index + 20)}"): add the "}" that ends it, or remove it.`
        : `A "}" closes nothing ("${body.slice(Math.max(0, index - 19), index + 1)}"): add the "{" that opens it, or remove it.`,
  }))
  const pushText = (text: string) => {
    const last = parts.at(-1)
    if (last?.kind === 'text') last.text += text
    else if (text !== '') parts.push({ kind: 'text', text })
  }

  let at = 0
  for (const { start, end, nestedAt } of groups) {
    pushText(body.slice(at, start))
    at = end + 1
    const group = body.slice(start, end + 1)
    if (nestedAt !== null) {
      errors.push({ code: 'nested_braces', index: nestedAt, message: `Braces cannot go inside braces in ${quote(group)}: a merge field cannot be a spin option.` })
      pushText(group)
      continue
    }
    const part = parseGroup(body.slice(start + 1, end), start)
    if ('kind' in part) parts.push(part)
    else {
      errors.push(part)
      pushText(group)
    }
  }
  pushText(body.slice(at))
  return { parts, errors: errors.sort((a, b) => a.index - b.index) }
}

const spinGroups = (parts: TemplatePart[]) => parts.flatMap((part) => (part.kind === 'spin' ? [part.options] : []))

/** How many different messages the spintax makes: the product of the groups' option counts. */
export function countVariants(body: string): number {
  return spinGroups(parseTemplate(body).parts).reduce((count, options) => count * options.length, 1)
}

/** `pick` returns the option of the `groupIndex`th spin group. */
function renderParts(parts: TemplatePart[], values: MergeValues, pick: (options: string[], groupIndex: number) => string): Rendering {
  const missing = new Set<MergeFieldKey>()
  let groupIndex = 0
  const text = parts
    .map((part) => {
      if (part.kind === 'text') return part.text
      if (part.kind === 'spin') return pick(part.options, groupIndex++)
      const value = values[part.key]?.trim()
      if (value) return value
      if (part.fallback !== null) return part.fallback
      missing.add(part.key)
      return ''
    })
    .join('')
  // An empty value leaves its neighbours' spaces side by side ("Hi  there").
  return { text: text.replace(/ {2,}/g, ' ').trim(), missing: [...missing] }
}

const randomOption = (optionCount: number) => Math.floor(Math.random() * optionCount)

/**
 * The message for one lead. A field takes the lead's trimmed value, else its
 * fallback, else nothing and its key is listed in `missing`. `choose` picks
 * each spin group's option (by default uniformly at random). Runs of spaces
 * collapse to one and the ends are trimmed.
 */
export function renderTemplate(body: string, values: MergeValues, choose: (optionCount: number, groupIndex: number) => number = randomOption): Rendering {
  return renderParts(parseTemplate(body).parts, values, (options, groupIndex) => {
    const index = choose(options.length, groupIndex)
    const option = Number.isInteger(index) ? options[index] : undefined
    if (option === undefined) throw new RangeError(`Spin group ${groupIndex} has ${options.length} options; option ${index} was chosen.`)
    return option
  })
}

/**
 * Variant number `variant` of `countVariants(body)`: the option indexes of the
 * spin groups read as one mixed-radix number, the first group most significant.
 */
export function renderVariant(body: string, values: MergeValues, variant: number): Rendering {
  const { parts } = parseTemplate(body)
  const groups = spinGroups(parts)
  const count = groups.reduce((product, options) => product * options.length, 1)
  if (!Number.isInteger(variant) || variant < 0 || variant >= count) throw new RangeError(`The template has ${count} variants; there is no variant ${variant}.`)
  const indexes: number[] = []
  let rest = variant
  for (const options of groups.toReversed()) {
    indexes.unshift(rest % options.length)
    rest = Math.floor(rest / options.length)
  }
  return renderParts(parts, values, (options, groupIndex) => options[indexes[groupIndex] ?? 0] ?? '')
}

/** The rendering with each spin group's longest option (the first of equals): the costliest message, to count its segments. */
export function longestRendering(body: string, values: MergeValues): Rendering {
  return renderParts(parseTemplate(body).parts, values, (options) => options.reduce((longest, option) => (option.length > longest.length ? option : longest)))
}
