/** Tags of emails other modules send; a tag says what an email is for (Postmark stores it too). */
export const EMAIL_TAG = {
  recoveryLink: 'recovery-link',
  invitation: 'invitation',
} as const
