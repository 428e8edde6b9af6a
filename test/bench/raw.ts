/** Registers test/bench/raw-hook.mjs: imported first by the bench modules that load lib/ in Node. */
import { register } from 'node:module';

register('./raw-hook.mjs', import.meta.url);
