// The sign-in screenshots (docs/screenshots/sign-in-needed.png, sign-in-device.png), part of
// `npm run screenshots`: an SSO profile whose fleet list waits for IAM Identity Center (the banner
// and the Sign-ins menu), then the sign-in dialog's device code. Against the emulator's IAM
// Identity Center as in sign-in.test.ts. `npx tsx test/ui/screenshot-sign-in.ts` renders them alone.
import { openSsoApp } from './support/sso-app';

export async function shootSignIn(out: string): Promise<void> {
  const app = await openSsoApp({ signInWaitMs: 10 * 60_000, viewport: { width: 1440, height: 880 } });
  const { page } = app;
  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let the last paint settle
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${out}/${name}.png`);
  };
  try {
    await page.locator('.sign-in-banner').waitFor({ timeout: 20_000 });
    await page.locator('.sign-ins > summary').click();
    await page.locator('.sign-in-row').first().waitFor();
    await shot('sign-in-needed');
    await page.locator('.sign-ins > summary').click();

    await page.locator('.sign-in-banner').getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByRole('button', { name: 'Use a device code instead' }).click();
    await dialog.getByLabel('Code', { exact: true }).waitFor({ timeout: 20_000 });
    await shot('sign-in-device');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await shootSignIn('docs/screenshots');
