import { defineContentScript } from 'wxt/utils/define-content-script';
import { showPanel } from '../lib/console/client';
import { CONSOLE_MATCHES } from '../lib/console/pages';
import { watchConsole } from '../lib/console/watch';

export default defineContentScript({
  matches: [...CONSOLE_MATCHES.alibaba],
  runAt: 'document_idle',
  main(ctx) {
    watchConsole('alibaba', ctx, () => void showPanel('alibaba'));
  },
});
