import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

// The failed-items panel, injected on demand by the background into one console tab.
export default defineUnlistedScript(() => {});
