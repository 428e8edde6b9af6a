import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountPanel } from '../components/panel/mount';
import { CONSOLE_MATCHES } from '../lib/console/pages';
import { watchConsole } from '../lib/console/watch';

export default defineContentScript({
  matches: [...CONSOLE_MATCHES.dnspod],
  runAt: 'document_idle',
  main(ctx) {
    watchConsole('dnspod', ctx, () => mountPanel('dnspod'));
  },
});
