import type { CDPSession, Page } from '@playwright/test'

/**
 * Passkeys in e2e tests: Chromium's virtual authenticators, driven through
 * the DevTools Protocol `WebAuthn` domain.
 *
 * A virtual authenticator belongs to one page (target): it survives that
 * page's navigations, nothing else sees it. "Losing" a passkey is removing
 * the authenticator that holds it, or using another browser context.
 *
 * It answers at once, with user presence and verification simulated, and
 * the browser shows no prompt. Chromium allows one `internal` (platform)
 * authenticator per page; more have to use another transport (`usb`).
 * With several authenticators attached, Chromium asks all of them: a
 * registration may leave a new credential in more than one, and which one
 * answers a sign-in is Chromium's choice. A test that cares keeps only the
 * intended authenticator attached, or relies on the relying party's
 * `excludeCredentials`: an authenticator already holding one of the user's
 * passkeys then creates nothing, and only the other one gets the new passkey.
 *
 * A step-up ("Confirm with your passkey") lists the user's own passkeys in
 * `allowCredentials`, so only an authenticator holding one of them answers;
 * `signCount` shows which one did (it grows by one per assertion).
 */

export type VirtualCredential = {
  /** base64url, the form the app stores as the passkey id. */
  id: string
  rpId: string
  isResidentCredential: boolean
  signCount: number
  /** PKCS#8, base64: enough to put the same passkey into another authenticator. */
  privateKey: string
  userHandle?: string
}

type RawCredential = Omit<VirtualCredential, 'id'> & { credentialId: string }

export type AuthenticatorOptions = {
  transport?: 'internal' | 'usb' | 'nfc' | 'ble'
  /** Passkeys to load into the new authenticator (e.g. read from another one). */
  credentials?: VirtualCredential[]
}

const toBase64Url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const toBase64 = (base64url: string) => {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4)
}

export class VirtualAuthenticators {
  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  /** Enables the WebAuthn domain for the page: from now on only virtual authenticators answer it. */
  static async attach(page: Page): Promise<VirtualAuthenticators> {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable', { enableUI: false })
    return new VirtualAuthenticators(page, cdp)
  }

  /** A CTAP2 authenticator with discoverable credentials and user verification (a passkey provider). */
  async add(options: AuthenticatorOptions = {}): Promise<string> {
    const { authenticatorId } = await this.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: options.transport ?? 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })
    for (const credential of options.credentials ?? []) {
      await this.cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: {
          credentialId: toBase64(credential.id),
          isResidentCredential: credential.isResidentCredential,
          rpId: credential.rpId,
          privateKey: credential.privateKey,
          userHandle: credential.userHandle,
          signCount: credential.signCount,
        },
      })
    }
    return authenticatorId
  }

  /** Unplugs the authenticator: its passkeys are gone from this page. Returns what it held. */
  async remove(authenticatorId: string): Promise<VirtualCredential[]> {
    const credentials = await this.credentials(authenticatorId)
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
    return credentials
  }

  async credentials(authenticatorId: string): Promise<VirtualCredential[]> {
    const { credentials } = (await this.cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
      credentials: RawCredential[]
    }
    return credentials.map(({ credentialId, ...rest }) => ({ ...rest, id: toBase64Url(credentialId) }))
  }

  /** How many assertions the authenticator has made with its passkey `credentialId` (base64url). */
  async signCount(authenticatorId: string, credentialId: string): Promise<number> {
    const credential = (await this.credentials(authenticatorId)).find((c) => c.id === credentialId)
    if (!credential) throw new Error(`The authenticator holds no passkey ${credentialId}`)
    return credential.signCount
  }

  /** The passkey ids (base64url) the authenticator holds. */
  async credentialIds(authenticatorId: string): Promise<string[]> {
    return (await this.credentials(authenticatorId)).map((credential) => credential.id)
  }
}
