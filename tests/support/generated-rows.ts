/**
 * Deterministic property-export rows: mixed phone formats, about 1% invalid
 * phones, about 15% of rows repeating an earlier owner at the same property
 * (in-file duplicates), owners with a second owner, absentee mailing
 * addresses. Same seed, same rows.
 */

export const GENERATED_HEADER = [
  'Property Address', 'Property City', 'Property State', 'Property Zip', 'Bedrooms', 'Bathrooms', 'Year Built', 'Estimated Value',
  'Owner 1 First Name', 'Owner 1 Last Name', 'Owner 2 First Name', 'Owner 2 Last Name',
  'Mailing Address', 'Mailing City', 'Mailing State', 'Mailing Zip',
  'Phone 1', 'Phone 2', 'Phone 3', 'Email 1',
]

const first = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara']
const last = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Lopez', 'Wilson']
const streets = ['Oak Street', 'Maple Ave', 'N Cedar Rd', 'Pine Lane', 'W Elm Blvd', 'Lakeview Drive']
const places = [
  ['Austin', 'TX', '78701', '512'],
  ['Miami', 'FL', '33101', '305'],
  ['Phoenix', 'AZ', '85001', '602'],
  ['Denver', 'CO', '80202', '303'],
] as const

function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function phone(rand: () => number, areaCode: string, n: number): string {
  if (rand() < 0.01) return `555-${String(n % 10000).padStart(4, '0')}`
  const line = String(1000 + (n % 9000)).padStart(4, '0')
  const exchange = String(200 + (n % 700))
  const format = n % 4
  if (format === 0) return `(${areaCode}) ${exchange}-${line}`
  if (format === 1) return `${areaCode}.${exchange}.${line}`
  if (format === 2) return `+1 ${areaCode} ${exchange} ${line}`
  return `${areaCode}${exchange}${line}`
}

export function generatePropertyRows(count: number, seed = 1): string[][] {
  const rand = random(seed)
  const rows: string[][] = []
  for (let i = 0; i < count; i++) {
    if (i > 0 && rand() < 0.15) {
      rows.push([...rows[Math.floor(rand() * rows.length)]!])
      continue
    }
    const [city, state, zip, area] = places[i % places.length]!
    const address = `${100 + i} ${streets[i % streets.length]}`
    const absentee = rand() < 0.3
    const n = i * 7919
    rows.push([
      address, city, state, zip, String(2 + (i % 4)), String(1 + (i % 3)), String(1950 + (i % 70)), `$${150_000 + (i % 50) * 10_000}`,
      first[i % first.length]!, last[(i * 7) % last.length]!,
      rand() < 0.2 ? first[(i + 3) % first.length]! : '', rand() < 0.2 ? last[(i * 7) % last.length]! : '',
      absentee ? `PO Box ${i}` : address, absentee ? 'Dallas' : city, absentee ? 'TX' : state, absentee ? '75201' : zip,
      phone(rand, area, n), rand() < 0.6 ? phone(rand, area, n + 1) : '', rand() < 0.3 ? phone(rand, area, n + 2) : '',
      rand() < 0.4 ? `owner${i}@example.com` : '',
    ])
  }
  return rows
}
