import { findColumn, type HeaderColumn } from './header'
import type { AddressPlan, PersonPlan } from './plan'
import type { PropertyAttribute } from './types'

/**
 * Header keys (see headerKey: lower case, letters and digits only) vendors
 * use for each field, the most specific first. Collected from property-data
 * exports (county-record and skip-trace vendors) and CRM contact exports.
 */

export const ATTRIBUTE_KEYS: Record<PropertyAttribute, string[]> = {
  propertyType: ['propertytype', 'propertyusetype', 'landuse', 'propertyuse', 'usecode', 'propertyclass', 'type'],
  bedrooms: ['bedrooms', 'beds', 'bedroomcount', 'totalbedrooms', 'numberofbedrooms', 'br'],
  bathrooms: ['bathrooms', 'baths', 'totalbathrooms', 'bathroomcount', 'numberofbathrooms', 'ba'],
  livingSqft: ['livingsqft', 'livingareasqft', 'livingarea', 'livingsquarefeet', 'buildingsqft', 'buildingarea', 'squarefeet', 'sqft', 'totalsqft', 'grosslivingarea'],
  lotSizeSqft: ['lotsizesqft', 'lotsqft', 'lotsquarefeet', 'lotareasqft', 'lotsize', 'lotarea'],
  lotSizeAcres: ['lotsizeacres', 'lotacres', 'acreage', 'acres'],
  yearBuilt: ['yearbuilt', 'yrbuilt', 'builtyear', 'effectiveyearbuilt'],
  assessedValue: ['assessedvalue', 'totalassessedvalue', 'assessedtotalvalue', 'taxassessedvalue', 'assessedvaluetotal'],
  estimatedValue: ['estimatedvalue', 'estimatedmarketvalue', 'estvalue', 'marketvalue', 'avm', 'avmvalue', 'estimatedpropertyvalue'],
  equity: ['equity', 'estimatedequity', 'estequity', 'equityamount', 'equityvalue'],
  equityPercent: ['equitypercent', 'estimatedequitypercent', 'equitypercentage', 'equitypct', 'estequitypercent', 'ltv'],
  lastSaleDate: ['lastsaledate', 'lastsolddate', 'lastsalerecordingdate', 'saledate', 'lastsalesdate', 'lasttransferdate'],
  lastSalePrice: ['lastsaleprice', 'lastsaleamount', 'lastsoldprice', 'lastsalesprice', 'saleprice', 'saleamount'],
  ownerOccupied: ['owneroccupied', 'owneroccupancy', 'isowneroccupied'],
  absentee: ['absentee', 'absenteeowner', 'absenteeownership', 'isabsentee', 'absenteeindicator'],
  vacant: ['vacant', 'vacancy', 'isvacant', 'propertyvacant', 'vacantflag', 'vacantindicator'],
  county: ['county', 'propertycounty', 'sitecounty', 'countyname'],
  apn: ['apn', 'parcelnumber', 'parcelid', 'apnparcelid', 'parcel', 'assessorparcelnumber', 'apnformatted'],
}

const ADDRESS_FIELDS = {
  line1: ['address', 'streetaddress', 'addressline1', 'address1', 'street', 'streetaddress1', 'addr'],
  line2: ['addressline2', 'address2', 'unit', 'unitnumber', 'apt', 'suite', 'streetaddress2'],
  city: ['city', 'town'],
  state: ['state', 'st', 'stateprovince', 'statecode', 'stateregion'],
  zip: ['zip', 'zipcode', 'postalcode', 'zip5', 'postcode'],
}

/** An address whose columns start with one of `prefixes` ("property", "site", …); with `''` also the bare names. */
export function addressPlan(columns: HeaderColumn[], prefixes: string[], taken: Set<number>): AddressPlan | null {
  const keys = (field: keyof typeof ADDRESS_FIELDS) => prefixes.flatMap((p) => ADDRESS_FIELDS[field].map((k) => p + k))
  const plan: AddressPlan = {}
  for (const field of ['line1', 'line2', 'city', 'state', 'zip'] as const) {
    const column = findColumn(columns, keys(field), taken)
    if (column) {
      plan[field] = column
      taken.add(column.index)
    }
  }
  return plan.line1 || plan.city || plan.zip ? plan : null
}

const NAME_FIELDS = {
  first: ['firstname', 'first', 'fname', 'givenname'],
  middle: ['middlename', 'middle', 'middleinitial', 'mi', 'mname'],
  last: ['lastname', 'last', 'lname', 'surname', 'familyname'],
  suffix: ['suffix', 'namesuffix', 'generation'],
  full: ['fullname', 'name', 'namelastfirst', 'fullnamelastfirst', 'namefirstlast'],
  age: ['age'],
  deceased: ['deceased', 'isdeceased', 'deceasedflag', 'deceasedindicator'],
}

/**
 * A person whose columns start with one of `prefixes` (`owner1`, `owner`, `contact`, `''`).
 * A full-name column whose header says "last, first" is read last-first; otherwise `defaultOrder`.
 */
export function personPlan(columns: HeaderColumn[], prefixes: string[], taken: Set<number>, defaultOrder: PersonPlan['order'] = 'first-last'): PersonPlan | null {
  const plan: PersonPlan = { order: defaultOrder }
  for (const field of ['first', 'middle', 'last', 'suffix', 'full', 'age', 'deceased'] as const) {
    const keys = prefixes.flatMap((p) => NAME_FIELDS[field].map((k) => p + k).concat(p && field === 'full' ? [p] : []))
    const column = findColumn(columns, keys, taken)
    if (column) {
      plan[field] = column
      taken.add(column.index)
    }
  }
  if (plan.full && /lastfirst|lastname?firstname?/.test(plan.full.key)) plan.order = 'last-first'
  if (plan.full && /firstlast/.test(plan.full.key)) plan.order = 'first-last'
  return plan.first || plan.last || plan.full ? plan : null
}

const PHONE = /^(?:(owner|contact|primary|secondary|borrower)(\d?))?(phone|phonenumber|cell|cellphone|cellular|cellphonenumber|mobile|mobilephone|mobilenumber|wireless|wirelessphone|wirelessnumber|landline|landlinephone|landlinenumber|telephone|telephonenumber|tel|homephone|workphone|otherphone|alternatephone|altphone)(\d{0,2})(?:number)?$/
const EMAIL = /^(?:(owner|contact|primary|secondary)(\d?))?(email|emailaddress|emails)(\d{0,2})(?:address)?$/

/** Every phone (or email) column in header order, with the person it belongs to: `owner2…` is the second person. */
export function contactColumns(columns: HeaderColumn[], kind: 'phone' | 'email', taken: Set<number>) {
  const pattern = kind === 'phone' ? PHONE : EMAIL
  return columns.flatMap((column) => {
    if (taken.has(column.index)) return []
    const match = pattern.exec(column.key)
    if (!match) return []
    taken.add(column.index)
    const ownerNumber = Number(match[2] || '1')
    const secondary = match[1] === 'secondary'
    return [{ column, person: secondary || ownerNumber === 2 ? 1 : 0 }]
  })
}

export function attributeColumns(columns: HeaderColumn[], taken: Set<number>) {
  const attributes: Partial<Record<PropertyAttribute, HeaderColumn>> = {}
  for (const [name, keys] of Object.entries(ATTRIBUTE_KEYS) as [PropertyAttribute, string[]][]) {
    const column = findColumn(columns, keys, taken)
    if (column) {
      attributes[name] = column
      taken.add(column.index)
    }
  }
  return attributes
}
