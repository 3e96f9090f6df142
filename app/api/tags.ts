import type { ApiTag } from '~/utils/api/openapi.server'

/** The groups of the reference, in its order. An operation names one of these as its `tag`. */
export const API_TAGS = [
  { name: 'Account', description: 'The calling key and its organization: check that a key works and what it may do.' },
  {
    name: 'Uploads',
    description: 'Resumable file uploads (the tus protocol): send a file of up to 2 GB in chunks of 4 MB, resume after a dropped connection, then import it.',
  },
  {
    name: 'Imports',
    description: 'Lead files into the organization’s lead graph: start an import from an upload, a file or records, follow its progress, read its row errors.',
  },
  {
    name: 'Leads',
    description: 'The organization’s lead universe: search it with the lead grid’s filters (fuzzy name and address, status, place, tags, phones, property), read a lead whole.',
  },
  {
    name: 'Consent',
    description: 'Opt-outs, revocations and consent grants with their evidence, and where a number stands: what every send is checked against.',
  },
  {
    name: 'Messages',
    description: 'Send to leads and numbers through the send gate, which decides for each recipient and gives the reason for each one it blocks; follow each message to its delivery.',
  },
  {
    name: 'Templates',
    description: 'The messages campaigns send: merge fields with fallbacks, spintax, their segment count and encoding, the compliance lint, and an image that makes one an MMS.',
  },
  {
    name: 'Campaigns',
    description: 'Templates sent to a saved lead filter’s leads on a schedule and a throttle: dry-run and preview a draft, launch it (its audience snapshotted, each message through the send gate), pause, resume or cancel it, and follow its counts.',
  },
  {
    name: 'Crusades',
    description: 'Groups of campaigns that share one schedule and one throttle, with their counts added up.',
  },
  {
    name: 'Conversations',
    description: 'The shared inbox: one thread per person and number of the organization; read threads, reply through the send gate, close, reopen and assign them.',
  },
  {
    name: 'Numbers',
    description: 'The organization’s sender numbers: status, carrier account, daily caps and today’s sends; pause and resume them.',
  },
  {
    name: 'Webhooks',
    description: 'Signed events POSTed to the organization’s endpoints (Standard Webhooks): subscribe endpoints to event types, rotate their secrets, read each delivery’s attempts and replay them.',
  },
  {
    name: 'Forms',
    description: 'Hosted lead-capture forms: a public page and an iframe snippet that take a name, a number, an email and consent beside your exact disclosure text, each submission stored as the evidence of a consent grant.',
  },
  { name: 'Reference', description: 'This API’s own description, for tools and code generators.' },
  {
    name: 'External refs',
    description: 'Which of the organization’s entities an external system’s record is (a CRM contact, a form submission): map them, find them by the external id, remove the mapping.',
  },
] as const satisfies readonly ApiTag[]
