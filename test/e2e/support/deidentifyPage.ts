/** De-identifying the open folder from the review screen, as a reviewer does it. */
import type { Page } from 'playwright-core';

/**
 * Opens the de-identify dialog, creates `<first root>/<name>` in the picker, starts the run and
 * waits for the summary; returns the output folder the summary names.
 */
export async function deidentifyInto(page: Page, name: string, timeoutMs = 240_000): Promise<string> {
  await page.getByTestId('open-deid').click();
  await page.getByTestId('deid-choose-output').click();
  const picker = page.getByTestId('folder-picker');
  await picker.locator('.picker-entry.picker-folder').first().click();
  await picker.getByLabel('New folder name').fill(name);
  await picker.getByRole('button', { name: 'Create folder' }).click();
  await picker.getByTestId('picker-path').filter({ hasText: new RegExp(`${name}$`) }).waitFor();
  await picker.getByRole('button', { name: 'Write here' }).click();
  await page.getByTestId('deid-output-name').filter({ hasText: name }).waitFor();
  await page.getByTestId('deid-start').click();
  const summary = page.getByTestId('deid-summary');
  await summary.waitFor({ timeout: timeoutMs });
  const state = await summary.getAttribute('data-state');
  if (state !== 'done') throw new Error(`the de-identify run ended ${state ?? 'without a state'}`);
  return (await page.getByTestId('summary-output').textContent()) ?? '';
}
