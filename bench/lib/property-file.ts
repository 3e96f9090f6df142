import { createHash } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { once } from 'node:events'

/**
 * A deterministic property-centric vendor export for the import benchmark:
 * 60 columns (property address, APN, two owners, mailing address,
 * `phone1..phone5`, an email, 15 attributes the parser promotes and 25 it
 * keeps in the payload), phones in mixed formats ((512) 234-5678,
 * 512.234.5678, +1 512 234 5678, 5122345678, blanks), about 1% invalid
 * phones, about 15% of rows repeating an earlier row's owner at the same
 * property (in-file duplicates), and quoted cells with commas.
 *
 * Every row is a pure function of (seed, row index), so the file is written
 * row by row with backpressure and never held in memory; a repeated row is
 * regenerated from its index instead of being remembered.
 */

export const GENERATOR_VERSION = 1

export const PROPERTY_FILE_HEADER = [
  'Property Address', 'Property City', 'Property State', 'Property Zip', 'Property County', 'APN',
  'Owner 1 First Name', 'Owner 1 Last Name', 'Owner 2 First Name', 'Owner 2 Last Name',
  'Mailing Address', 'Mailing City', 'Mailing State', 'Mailing Zip',
  'phone1', 'phone2', 'phone3', 'phone4', 'phone5', 'Email 1',
  'Property Type', 'Bedrooms', 'Bathrooms', 'Living Sqft', 'Lot Size Sqft', 'Year Built', 'Assessed Value',
  'Estimated Value', 'Equity', 'Equity Percent', 'Last Sale Date', 'Last Sale Price', 'Owner Occupied', 'Absentee Owner', 'Vacant',
  'Latitude', 'Longitude', 'Subdivision', 'Zoning', 'School District', 'Tax Amount', 'Tax Year', 'Mortgage Balance',
  'Mortgage Lender', 'Mortgage Date', 'Loan Type', 'Interest Rate', 'Foreclosure Status', 'Auction Date', 'Lien Amount',
  'Bankruptcy', 'Divorce', 'Probate', 'HOA', 'HOA Fee', 'Stories', 'Garage', 'Pool', 'Fireplace', 'Data Source',
]

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony',
  'Betty', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle']
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres',
  'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts']
const STREETS = ['Oak Street', 'Maple Ave', 'N Cedar Rd', 'Pine Lane', 'W Elm Blvd', 'Lakeview Drive', 'S Main St', 'Park Place',
  'Sunset Blvd', 'E Washington St', 'Hillcrest Ct', 'River Road', 'Highland Ave', 'Willow Way', 'Church St', 'Mill Creek Pkwy']
/** City, state, ZIP prefix, county, and area codes that libphonenumber accepts. */
const PLACES = [
  ['Austin', 'TX', '787', 'Travis', ['512', '737']],
  ['Miami', 'FL', '331', 'Miami-Dade', ['305', '786']],
  ['Phoenix', 'AZ', '850', 'Maricopa', ['602', '480']],
  ['Denver', 'CO', '802', 'Denver', ['303', '720']],
  ['Atlanta', 'GA', '303', 'Fulton', ['404', '678']],
  ['Seattle', 'WA', '981', 'King', ['206', '425']],
  ['Columbus', 'OH', '432', 'Franklin', ['614', '380']],
  ['Charlotte', 'NC', '282', 'Mecklenburg', ['704', '980']],
] as const
const TYPES = ['Single Family', 'Condo', 'Townhouse', 'Multi-Family', 'Mobile Home']
const LENDERS = ['Wells Fargo', 'Chase', 'Quicken Loans', '"Rocket Mortgage, LLC"', 'Bank of America', 'US Bank']

/** A small, fast, seedable PRNG (mulberry32). */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rowRandom = (seed: number, index: number) => mulberry32(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b))

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!

/** A phone cell: blank, or one of four formats; about 1% of non-blank cells are not valid numbers. */
function phoneCell(rand: () => number, areaCodes: readonly string[], present: number): string {
  if (rand() >= present) return ''
  const roll = rand()
  if (roll < 0.005) return `${200 + Math.floor(rand() * 700)}-${String(Math.floor(rand() * 10000)).padStart(4, '0')}` // 7 digits
  if (roll < 0.01) return `(1${String(Math.floor(rand() * 100)).padStart(2, '0')}) 555-0${Math.floor(rand() * 1000)}` // area code 1xx
  const area = pick(rand, areaCodes)
  let exchange = 200 + Math.floor(rand() * 800)
  if (exchange % 100 === 11 || exchange === 555 || exchange === 950 || exchange === 958 || exchange === 959 || exchange === 976) exchange += 1
  const line = String(Math.floor(rand() * 10000)).padStart(4, '0')
  const format = Math.floor(rand() * 4)
  if (format === 0) return `(${area}) ${exchange}-${line}`
  if (format === 1) return `${area}.${exchange}.${line}`
  if (format === 2) return `+1 ${area} ${exchange} ${line}`
  return `${area}${exchange}${line}`
}

/** About 15% of rows repeat an earlier row (the same owner at the same property): the original row's index. */
export function sourceRow(seed: number, index: number): number {
  let source = index
  for (;;) {
    const choose = rowRandom(seed, source)
    if (source === 0 || choose() >= 0.15) return source
    source = Math.floor(choose() * source)
  }
}

/** The CSV line of row `index` (0-based), newline included. */
export function propertyRowLine(seed: number, index: number): string {
  const source = sourceRow(seed, index)
  const rand = rowRandom(seed, source)

  const [city, state, zipPrefix, county, areaCodes] = PLACES[source % PLACES.length]!
  const zip = `${zipPrefix}${String(source % 100).padStart(2, '0')}`
  const address = `${100 + (source % 9800)} ${STREETS[Math.floor(source / 9800) % STREETS.length]}${source >= 156_800 ? ` Unit ${Math.floor(source / 156_800)}` : ''}`
  const absentee = rand() < 0.3
  const mailing = absentee ? [`PO Box ${1000 + (source % 90000)}`, 'Dallas', 'TX', '75201'] : [address, city, state, zip]
  const first1 = pick(rand, FIRST)
  const last1 = pick(rand, LAST)
  const coOwner = rand() < 0.2
  const first2 = coOwner ? pick(rand, FIRST) : ''
  const last2 = coOwner ? (rand() < 0.7 ? last1 : pick(rand, LAST)) : ''
  const phones = [0.95, 0.7, 0.45, 0.25, 0.1].map((present) => phoneCell(rand, areaCodes, present))
  const email = rand() < 0.4 ? `${first1.toLowerCase()}.${last1.toLowerCase()}${source}@example.com` : ''
  const value = 120_000 + Math.floor(rand() * 880_000)
  const balance = Math.floor(value * rand() * 0.8)
  const year = 1920 + Math.floor(rand() * 104)
  const saleYear = Math.max(year, 1990 + Math.floor(rand() * 35))
  const cells = [
    address, city, state, zip, county, `${zipPrefix}-${String(source).padStart(7, '0')}`,
    first1, last1, first2, last2, ...mailing, ...phones, email,
    pick(rand, TYPES), String(1 + Math.floor(rand() * 6)), String(1 + Math.floor(rand() * 4)), String(700 + Math.floor(rand() * 4000)),
    String(2000 + Math.floor(rand() * 20000)), String(year), `"$${Math.floor(value * 0.8).toLocaleString('en-US')}"`, String(value),
    String(value - balance), `${Math.round(((value - balance) / value) * 100)}%`, `${1 + Math.floor(rand() * 12)}/${1 + Math.floor(rand() * 28)}/${saleYear}`,
    String(Math.floor(value * 0.7)), absentee ? 'N' : 'Y', absentee ? 'Y' : 'N', rand() < 0.05 ? 'Y' : 'N',
    (30 + rand() * 15).toFixed(6), (-120 + rand() * 40).toFixed(6), rand() < 0.3 ? `"${pick(rand, STREETS)} Estates, Phase ${1 + Math.floor(rand() * 4)}"` : '',
    pick(rand, ['R1', 'R2', 'RM', 'PUD']), `${county} ISD`, (value * 0.018).toFixed(2), '2025', String(balance), pick(rand, LENDERS),
    `${1 + Math.floor(rand() * 12)}/${1 + Math.floor(rand() * 28)}/${saleYear}`, pick(rand, ['Conventional', 'FHA', 'VA', 'USDA']),
    (2.5 + rand() * 5).toFixed(3), rand() < 0.03 ? 'Pre-Foreclosure' : '', '', rand() < 0.02 ? String(Math.floor(rand() * 50_000)) : '',
    rand() < 0.01 ? 'Y' : 'N', rand() < 0.01 ? 'Y' : 'N', rand() < 0.01 ? 'Y' : 'N', rand() < 0.2 ? 'Y' : 'N', rand() < 0.2 ? String(50 + Math.floor(rand() * 400)) : '',
    String(1 + Math.floor(rand() * 3)), rand() < 0.7 ? 'Y' : 'N', rand() < 0.2 ? 'Y' : 'N', rand() < 0.4 ? 'Y' : 'N', 'Bench Vendor Inc',
  ]
  return `${cells.join(',')}\n`
}

export type PropertyFile = { path: string; rows: number; byteSize: number; sha256: string }

/**
 * Writes the file (or reuses the one a previous run wrote for the same rows,
 * seed and generator version) and returns its size and SHA-256.
 */
export async function ensurePropertyFile(options: { dir: string; rows: number; seed: number; log?: (line: string) => void }): Promise<PropertyFile> {
  const { dir, rows, seed } = options
  const file = path.join(dir, `property-v${GENERATOR_VERSION}-${rows}-s${seed}.csv`)
  const meta = `${file}.sha256`
  if (existsSync(file) && existsSync(meta)) {
    return { path: file, rows, byteSize: (await stat(file)).size, sha256: (await readFile(meta, 'utf8')).trim() }
  }
  await mkdir(dir, { recursive: true })
  options.log?.(`generating ${rows.toLocaleString('en-US')} rows into ${path.relative(process.cwd(), file)}`)
  const partial = `${file}.partial`
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 })
  const hash = createHash('sha256')
  const write = async (text: string) => {
    hash.update(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(`${PROPERTY_FILE_HEADER.join(',')}\n`)
  let batch: string[] = []
  for (let i = 0; i < rows; i++) {
    batch.push(propertyRowLine(seed, i))
    if (batch.length === 2000) {
      await write(batch.join(''))
      batch = []
    }
  }
  if (batch.length) await write(batch.join(''))
  out.end()
  await once(out, 'finish')
  const sha256 = hash.digest('hex')
  await rename(partial, file)
  await writeFile(meta, `${sha256}\n`)
  return { path: file, rows, byteSize: (await stat(file)).size, sha256 }
}
