/** Tags of emails other modules send; a tag says what an email is for (Postmark stores it too). */
export const EMAIL_TAG = {
  recoveryLink: 'recovery-link',
  invitation: 'invitation',
  /** A change to how someone signs in, or a new API key; carries no secret. */
  securityNotice: 'security-notice',
  /** A webhook endpoint that kept failing was disabled; sent to the organization's admins. */
  webhookEndpointDisabled: 'webhook-endpoint-disabled',
} as const
