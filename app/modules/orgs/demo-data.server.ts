/**
 * Deterministic demo people and places. Phone numbers use the 555-01xx range
 * that North American carriers reserve for fiction, so nothing real is texted.
 */

const firstNames = ['Avery', 'Jordan', 'Morgan', 'Riley', 'Casey', 'Taylor', 'Quinn', 'Harper', 'Rowan', 'Sage', 'Emerson', 'Parker', 'Reese', 'Skyler', 'Dakota', 'Hayden', 'Kendall', 'Logan', 'Marlowe', 'Peyton']
const lastNames = ['Alvarez', 'Brooks', 'Chen', 'Dubois', 'Ellison', 'Fischer', 'Garcia', 'Hughes', 'Ibarra', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Quintero', 'Rossi', 'Sato', 'Thompson']
const streets = ['Maple Ave', 'Oak St', 'Pine Rd', 'Cedar Ln', 'Elm St', 'Birch Way', 'Willow Dr', 'Lakeview Blvd', 'Sunset Ave', 'Hillcrest Rd']
const places = [
  { areaCode: '212', city: 'New York', state: 'NY', zip: '10001', timezone: 'America/New_York' },
  { areaCode: '305', city: 'Miami', state: 'FL', zip: '33101', timezone: 'America/New_York' },
  { areaCode: '512', city: 'Austin', state: 'TX', zip: '78701', timezone: 'America/Chicago' },
  { areaCode: '602', city: 'Phoenix', state: 'AZ', zip: '85001', timezone: 'America/Phoenix' },
  { areaCode: '415', city: 'San Francisco', state: 'CA', zip: '94102', timezone: 'America/Los_Angeles' },
]
const statuses = ['new', 'new', 'new', 'contacted', 'replied', 'qualified', 'closed'] as const
const grades = ['A', 'B', 'B', 'C', 'C', 'D', null] as const
const tagPool = ['absentee', 'high-equity', 'vacant', 'pre-foreclosure', 'tired-landlord']

export type DemoLead = {
  firstName: string
  lastName: string
  phoneE164: string
  timezone: string
  address: { line1: string; city: string; state: string; postalCode: string }
  status: (typeof statuses)[number]
  grade: string | null
  tags: string[]
}

export function demoLeads(count: number): DemoLead[] {
  const max = places.length * 100
  if (count > max) throw new Error(`At most ${max} demo leads have fictional numbers`)
  return Array.from({ length: count }, (_, i) => {
    const place = places[i % places.length]!
    const line = Math.floor(i / places.length)
    return {
      firstName: firstNames[(i * 7) % firstNames.length]!,
      lastName: lastNames[(i * 3 + line) % lastNames.length]!,
      phoneE164: `+1${place.areaCode}55501${String(line).padStart(2, '0')}`,
      timezone: place.timezone,
      address: {
        line1: `${100 + ((i * 37) % 9800)} ${streets[i % streets.length]}`,
        city: place.city,
        state: place.state,
        postalCode: place.zip,
      },
      status: statuses[i % statuses.length]!,
      grade: grades[(i * 5) % grades.length] ?? null,
      tags: tagPool.filter((_, t) => (i + t) % 4 === 0),
    }
  })
}
