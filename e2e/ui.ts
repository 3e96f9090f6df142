import type { Locator, Page } from '@playwright/test'
import { expect } from './fixtures'

/**
 * Opens a menu or dialog whose trigger needs the page's JavaScript. Right
 * after a full page load the trigger is visible before React has hydrated
 * it, and a click then does nothing; so click until the content shows.
 */
export async function open(trigger: Locator, content: Locator) {
  await expect(async () => {
    if (!(await content.isVisible())) await trigger.click()
    await expect(content).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 10_000 })
}

/** User menu → Sign out; lands on /signin. */
export async function signOut(page: Page) {
  const signOutItem = page.getByRole('menuitem', { name: 'Sign out' })
  await open(page.getByTestId('user-menu'), signOutItem)
  await signOutItem.click()
  await expect(page).toHaveURL('/signin')
}

/**
 * Answers the "Confirm with your passkey" dialog (step-up) with the page's
 * virtual authenticator; the change that asked for it then goes through.
 */
export async function confirmWithPasskey(page: Page) {
  const dialog = page.getByRole('alertdialog', { name: 'Confirm with your passkey' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('need a passkey check from the last 5 minutes')
  await dialog.getByRole('button', { name: 'Confirm with passkey' }).click()
  await expect(dialog).toBeHidden()
}

/**
 * Clicks "Sign in with a passkey" on /signin (opening it first unless the
 * page is already there). The button is enabled once the page has hydrated
 * and checked that the browser supports passkeys.
 */
export async function clickPasskeySignIn(page: Page) {
  if (new URL(page.url()).pathname !== '/signin') await page.goto('/signin')
  const button = page.getByRole('button', { name: 'Sign in with a passkey' })
  await expect(button).toBeEnabled()
  await button.click()
}
