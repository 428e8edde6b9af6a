/**
 * Optional host permissions for a provider's API hosts, requested when its first account
 * is saved. `permissions.request` must run inside the click's user gesture, so what is
 * already granted is looked up beforehand and the click path never awaits before asking.
 */
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

export class HostAccess {
  private readonly granted = new Set<string>();

  constructor(private readonly api: PermissionsApi) {}

  /** Call at page load for every provider; remembers which are already granted. */
  async preload(patternSets: readonly (readonly string[])[]): Promise<void> {
    await Promise.all(
      patternSets.map(async (origins) => {
        if (origins.length && (await this.api.contains({ origins: [...origins] }).catch(() => false))) this.granted.add(origins.join(' '));
      }),
    );
  }

  /** Synchronous up to the request call, so the browser still sees the user's gesture. */
  ensure(origins: readonly string[]): Promise<boolean> {
    if (!origins.length || this.granted.has(origins.join(' '))) return Promise.resolve(true);
    return this.api.request({ origins: [...origins] }).then(
      (ok) => {
        if (ok) this.granted.add(origins.join(' '));
        return ok;
      },
      () => false,
    );
  }
}
