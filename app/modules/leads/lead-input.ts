import { z } from 'zod'
import 'zod-openapi'
import { LEAD_STATUSES } from './lead-filter'

/**
 * One lead as a caller (the API, a hosted form, a CRM sync) writes it: the
 * person, their phones and emails, the property the lead is about, a mailing
 * address, the property and person facts the import pipeline knows, the
 * vertical, tags and status. Consent is not taken here. Every value goes
 * through the same RESOLVE as an import's cells (app/modules/leads/api-lead-row.ts).
 */

export const LEAD_PHONES_MAX = 10
export const LEAD_EMAILS_MAX = 5
export const LEAD_TAGS_MAX = 50
export const PHONE_LINE_TYPES = ['mobile', 'landline', 'voip'] as const

const text = (max: number) => z.string().trim().max(max)

export const addressInput = z
  .object({
    line1: text(200).min(1).meta({ description: 'Street line, e.g. `12 Oak St`.' }),
    line2: text(200).optional().meta({ description: 'Unit, e.g. `Apt 4`.' }),
    city: text(100).optional(),
    state: text(50).optional().meta({ description: 'Two-letter code or the state’s name.' }),
    postalCode: text(20).optional().meta({ description: 'ZIP or ZIP+4.' }),
  })
  .strict()

export const phoneInput = z.union([
  text(40).min(1),
  z
    .object({
      number: text(40).min(1).meta({ description: 'Any US format or E.164.' }),
      type: z.enum(PHONE_LINE_TYPES).optional().meta({ description: 'The line type as your records have it. Accepted but not applied: a number’s line type is shared by every organization, so only a carrier lookup sets it.' }),
    })
    .strict(),
])

const numberOrText = z.union([z.number(), text(50)])
const flag = z.union([z.boolean(), text(20)])

/** The promoted property attributes (the same names and readings as an import's column map). */
export const propertyFactsInput = z
  .object({
    propertyType: text(200).optional(),
    bedrooms: numberOrText.optional(),
    bathrooms: numberOrText.optional(),
    livingSqft: numberOrText.optional(),
    lotSizeSqft: numberOrText.optional(),
    lotSizeAcres: numberOrText.optional(),
    yearBuilt: numberOrText.optional(),
    assessedValue: numberOrText.optional(),
    estimatedValue: numberOrText.optional(),
    equity: numberOrText.optional(),
    equityPercent: numberOrText.optional(),
    lastSaleDate: text(20).optional().meta({ description: 'ISO (`2019-05-03`), US (`5/3/2019`) or compact (`20190503`).' }),
    lastSalePrice: numberOrText.optional(),
    ownerOccupied: flag.optional(),
    absentee: flag.optional(),
    vacant: flag.optional(),
    county: text(200).optional(),
    apn: text(200).optional(),
  })
  .strict()

export const leadTag = text(50).min(1)

export const leadInput = z
  .object({
    firstName: text(100).optional(),
    middleName: text(100).optional(),
    lastName: text(100).optional(),
    suffix: text(20).optional(),
    fullName: text(300).optional().meta({ description: 'The whole name, when you do not have its parts (first name first).' }),
    age: z.int().min(0).max(130).optional(),
    deceased: z.boolean().optional(),
    phones: z.array(phoneInput).max(LEAD_PHONES_MAX).optional().meta({ description: `Up to ${LEAD_PHONES_MAX}, the best first. A number or \`{ number, type }\`.` }),
    emails: z.array(text(254).min(1)).max(LEAD_EMAILS_MAX).optional().meta({ description: `Up to ${LEAD_EMAILS_MAX}.` }),
    propertyAddress: addressInput.optional().meta({ description: 'The property the lead is about. A lead is a person at a property: required to create one.' }),
    mailingAddress: addressInput.optional().meta({ description: 'Where the person gets mail, when it is not the property.' }),
    property: propertyFactsInput.optional().meta({ description: 'Facts about the property (kept by confidence and recency, like an import’s).' }),
    vertical: text(100).min(1).optional().meta({ description: 'The key of one of the organization’s verticals (e.g. `seller`). Left out: the organization’s only vertical.' }),
    tags: z.array(leadTag).max(LEAD_TAGS_MAX).optional().meta({ description: 'Added to the lead’s tags (never removes one).' }),
    status: z.enum(LEAD_STATUSES).optional(),
  })
  .strict()

export type LeadInput = z.infer<typeof leadInput>
export type AddressInput = z.infer<typeof addressInput>

/**
 * What a PATCH of a lead may change. A lead is a person (name) at a property
 * (address) in a vertical: those say which lead it is, so they are not here
 * (write the other person or property as a lead of its own). Everything that
 * touches the identity graph (phones, emails, age, the mailing address, the
 * property's facts) goes through writeLead; grade and removed tags are the
 * lead's own columns.
 */
export const leadPatchInput = z
  .object({
    phones: leadInput.shape.phones,
    emails: leadInput.shape.emails,
    age: leadInput.shape.age,
    deceased: leadInput.shape.deceased,
    mailingAddress: addressInput.optional().meta({ description: 'Where the person gets mail.' }),
    property: leadInput.shape.property,
    status: leadInput.shape.status,
    grade: z.string().trim().min(1).max(20).nullable().optional().meta({ description: 'Null clears it.' }),
    tags: leadInput.shape.tags,
    removeTags: z.array(leadTag).max(LEAD_TAGS_MAX).optional().meta({ description: 'Tags to take off the lead.' }),
  })
  .strict()

export type LeadPatch = z.infer<typeof leadPatchInput>

