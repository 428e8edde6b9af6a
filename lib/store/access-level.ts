/**
 * Chrome: storage areas closed to content scripts (`setAccessLevel('TRUSTED_CONTEXTS')`), set
 * by the background at every start. Firefox has no such call: there the private area
 * (private-area.ts) is the protection. A refusal is said in the console, without any stored
 * data, instead of being swallowed: content scripts could then read that area again.
 */
export interface AccessLevelArea {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
}

export async function restrictToTrustedContexts(areas: Record<string, AccessLevelArea>, warn: (message: string) => void = console.warn): Promise<void> {
  await Promise.all(
    Object.entries(areas).map(async ([name, area]) => {
      if (!area.setAccessLevel) return;
      try {
        await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      } catch {
        // The error is the browser's; only the area's name is said.
        warn(`Batchwatch: storage.${name} could not be closed to content scripts (setAccessLevel failed)`);
      }
    }),
  );
}
