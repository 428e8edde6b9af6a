/**
 * The first run: a new install opens the welcome page, which teaches the three steps (a
 * limited key, pasting it, the badge). An update or a browser update does not: the user
 * already knows them, and a tab opening unasked on every release would be a nuisance.
 */

/** The welcome page's path inside the extension (entrypoints/welcome). */
export const WELCOME_PAGE = '/welcome.html' as const;

/** What runtime.onInstalled reports (its reason: install, update, chrome_update, shared_module_update). */
export interface InstalledDetails {
  reason: string;
}

/** Opens the welcome page when, and only when, the extension was just installed. */
export async function welcomeOnInstall(details: InstalledDetails, open: (path: typeof WELCOME_PAGE) => Promise<unknown>): Promise<boolean> {
  if (details.reason !== 'install') return false;
  await open(WELCOME_PAGE);
  return true;
}
