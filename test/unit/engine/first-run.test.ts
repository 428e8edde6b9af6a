import { describe, expect, it, vi } from 'vitest';
import { WELCOME_PAGE, welcomeOnInstall } from '../../../lib/engine/first-run';

describe('the first run', () => {
  it('a new install opens the welcome page', async () => {
    const open = vi.fn(async () => undefined);
    expect(await welcomeOnInstall({ reason: 'install' }, open)).toBe(true);
    expect(open).toHaveBeenCalledExactlyOnceWith(WELCOME_PAGE);
    expect(WELCOME_PAGE).toBe('/welcome.html');
  });

  it.each(['update', 'chrome_update', 'browser_update', 'shared_module_update'])('%s opens nothing: the user already knows the steps', async (reason) => {
    const open = vi.fn(async () => undefined);
    expect(await welcomeOnInstall({ reason }, open)).toBe(false);
    expect(open).not.toHaveBeenCalled();
  });
});
