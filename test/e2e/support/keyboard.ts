/** Keyboard-only steps for end-to-end tests: move the focus with Tab, as a user without a mouse does. */
import type { Page } from 'playwright-core';
import type { PageGlobals } from './pageGlobals';

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; throws after `limit` presses. */
export async function tabTo(page: Page, selector: string, options: { back?: boolean; limit?: number } = {}): Promise<void> {
  const limit = options.limit ?? 60;
  for (let i = 0; i <= limit; i++) {
    const at = await page.evaluate((s) => (globalThis as unknown as PageGlobals).document.activeElement?.matches(s) === true, selector);
    if (at) return;
    await page.keyboard.press(options.back === true ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`no focusable element matching ${selector} within ${limit} Tab presses`);
}
