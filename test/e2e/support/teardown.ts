/** The end of every end-to-end file: close the browser, stop the server(s), remove the scratch folder. */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { ServeProcess } from './serveProcess';

/** What a test file started; any part may be missing when its `beforeAll` failed early. */
interface Started {
  browser?: Browser;
  server?: ServeProcess;
  /** Further servers (a restarted one). */
  servers?: (ServeProcess | undefined)[];
  /** The scratch folder ('' when not made yet). */
  tmp?: string;
}

/** Closes and removes what {@link Started} names, in order, tolerating the parts never started. */
export async function closeE2e(started: Started): Promise<void> {
  await started.browser?.close();
  await started.server?.stop();
  for (const s of started.servers ?? []) await s?.stop();
  if (started.tmp !== undefined && started.tmp !== '') rmSync(started.tmp, { recursive: true, force: true });
}
