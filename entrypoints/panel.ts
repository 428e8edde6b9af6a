import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountPanel } from '../components/panel/mount';

// The failed-items panel, kept out of the content scripts so that a console with nothing to
// show pays for 2 KB, not 15 (issue 20). Built as an ES module (wxt.config.ts) whose default
// export is `mountPanel`: the console's content script imports it (lib/console/client.ts
// `showPanel`) and passes its own console family.
export default defineUnlistedScript({ globalName: false, main: () => mountPanel });
