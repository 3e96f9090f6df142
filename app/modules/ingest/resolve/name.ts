/**
 * Person names to parts and one match key (docs/decisions/029). Vendors write
 * a full name either first-first ("John A Smith") or last-first
 * ("SMITH JOHN A", "Smith, John A"); the parser says which from the header,
 * a comma always means last-first. Titles are dropped, generational and
 * professional suffixes kept apart. Organization owners ("ACME HOLDINGS
 * LLC", trusts, estates) keep their whole name and get no parts.
 */

export type NameOrder = 'first-last' | 'last-first'

export type NameInput = {
  first?: string | null
  middle?: string | null
  last?: string | null
  suffix?: string | null
  full?: string | null
  order?: NameOrder
}

export type NormalizedName = {
  first: string | null
  middle: string | null
  last: string | null
  suffix: string | null
  /** For display: "John A Smith Jr", "Acme Holdings LLC". */
  full: string
  /** What the identity hash uses: upper case, no punctuation, always first-middle-last-suffix. */
  key: string
  isOrganization: boolean
}

const TITLES = new Set(['MR', 'MRS', 'MS', 'MISS', 'DR', 'PROF', 'REV', 'HON', 'SIR'])
const SUFFIXES = new Map([
  ['JR', 'JR'], ['JUNIOR', 'JR'], ['SR', 'SR'], ['SENIOR', 'SR'], ['II', 'II'], ['III', 'III'], ['IV', 'IV'],
  ['2ND', 'II'], ['3RD', 'III'], ['MD', 'MD'], ['PHD', 'PHD'], ['ESQ', 'ESQ'], ['DDS', 'DDS'], ['CPA', 'CPA'],
])
const ORGANIZATION_WORDS = new Set([
  'LLC', 'L L C', 'INC', 'INCORPORATED', 'CORP', 'CORPORATION', 'CO', 'COMPANY', 'LP', 'LLP', 'PLLC', 'LTD', 'TRUST',
  'TR', 'TRUSTEE', 'TRUSTEES', 'ESTATE', 'EST', 'BANK', 'HOLDINGS', 'PROPERTIES', 'INVESTMENTS', 'PARTNERS',
  'PARTNERSHIP', 'ASSOCIATION', 'ASSN', 'CHURCH', 'MINISTRIES', 'FOUNDATION', 'GROUP', 'REALTY', 'HOA',
  'CITY', 'COUNTY', 'STATE', 'AUTHORITY', 'DEPT', 'DEPARTMENT', 'UNIVERSITY', 'SCHOOL', 'FUND', 'VENTURES',
])

function tokensOf(value: string | null | undefined): string[] {
  if (!value) return []
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[.,;:"`()[\]{}]/g, ' ')
    .replace(/[^A-Z0-9'&\- ]/g, ' ')
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
}

function display(token: string): string {
  if (SUFFIXES.has(token) && /^(II|III|IV|MD|PHD|DDS|CPA)$/.test(token)) return token
  return token.toLowerCase().replace(/(^|['-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase())
}

const joined = (tokens: string[]) => (tokens.length ? tokens.join(' ') : null)

/** The name parts and key, or null when there is no name at all. */
export function normalizeName(input: NameInput): NormalizedName | null {
  let first = tokensOf(input.first)
  let middle = tokensOf(input.middle)
  let last = tokensOf(input.last)
  let suffix = tokensOf(input.suffix).map((t) => SUFFIXES.get(t) ?? t)

  if (!first.length && !last.length) {
    const raw = input.full ?? ''
    // "SMITH JOHN & MARY": the first named person; a second owner comes from its own columns.
    const primary = raw.split(/\s(?:&|AND)\s|&/i)[0] ?? ''
    const lastFirst = primary.includes(',') || input.order === 'last-first'
    const [beforeComma, afterComma] = primary.includes(',') ? [primary.slice(0, primary.indexOf(',')), primary.slice(primary.indexOf(',') + 1)] : [primary, '']
    const all = tokensOf(raw)
    if (all.some((t) => ORGANIZATION_WORDS.has(t))) {
      const full = all.map(display).join(' ')
      return { first: null, middle: null, last: null, suffix: null, full, key: all.join(' '), isOrganization: true }
    }
    let tokens = primary.includes(',') ? [...tokensOf(beforeComma), ...tokensOf(afterComma)] : tokensOf(primary)
    tokens = tokens.filter((t) => !TITLES.has(t) && t !== '&')
    const trailingSuffixes: string[] = []
    while (tokens.length > 1 && SUFFIXES.has(tokens[tokens.length - 1]!)) trailingSuffixes.unshift(SUFFIXES.get(tokens.pop()!)!)
    // "SMITH JR, JOHN": a suffix right after the last name.
    if (lastFirst && tokens.length > 2 && SUFFIXES.has(tokens[1]!)) trailingSuffixes.push(SUFFIXES.get(tokens.splice(1, 1)[0]!)!)
    suffix = [...suffix, ...trailingSuffixes]
    if (tokens.length === 0) return null
    if (tokens.length === 1) {
      last = tokens
    } else if (lastFirst) {
      last = [tokens[0]!]
      first = [tokens[1]!]
      middle = tokens.slice(2)
    } else {
      first = [tokens[0]!]
      last = [tokens[tokens.length - 1]!]
      middle = tokens.slice(1, -1)
    }
  } else {
    first = first.filter((t) => !TITLES.has(t))
    while (last.length > 1 && SUFFIXES.has(last[last.length - 1]!)) suffix = [SUFFIXES.get(last.pop()!)!, ...suffix]
    if (!middle.length && first.length > 1) {
      middle = first.slice(1)
      first = first.slice(0, 1)
    }
  }

  const ordered = [...first, ...middle, ...last, ...suffix]
  if (ordered.length === 0) return null
  return {
    first: joined(first.map(display)),
    middle: joined(middle.map(display)),
    last: joined(last.map(display)),
    suffix: joined(suffix),
    full: ordered.map(display).join(' '),
    key: ordered.join(' ').replace(/['-]/g, ''),
    isOrganization: false,
  }
}
