/** Tags of emails other modules send; a tag says what an email is for (Postmark stores it too). */
export const EMAIL_TAG = {
  recoveryLink: 'recovery-link',
  invitation: 'invitation',
} as const

/**
 * Emails whose body carries a one-time secret (a sign-in or invitation link).
 * In production their bodies are erased once the message has left, so the
 * outbox never holds a usable link longer than needed.
 */
const SECRET_TAGS: ReadonlySet<string> = new Set([EMAIL_TAG.recoveryLink, EMAIL_TAG.invitation])

export function carriesSecret(tag: string): boolean {
  return SECRET_TAGS.has(tag)
}
