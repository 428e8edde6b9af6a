/**
 * The popup's first frame waits for its one script to run (entrypoints/popup-first-frame.ts):
 * that script carries what it uses and nothing else. It reads the kept record's key and
 * schema from lib/popup/snapshot.ts, whose other half checks console links: the console pages'
 * tables (lib/console/pages.ts, with every task source's pages) must not come along. They did
 * once the table was built by a call at load (npm run bench: first-frame script 1.5 → 2.1 KB
 * gzipped, panel module 14.5 → 15.1 KB), until the call was marked free of side effects.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** An entry bundled as the extension's build does it (Rollup, tree-shaken), not minified. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'bundle' } },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs.flatMap((o) => o.output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))).join('\n');
}

describe("the popup's first-frame script", () => {
  it('carries none of the console pages, neither the DNS consoles nor a task source’s', async () => {
    const code = await bundle('entrypoints/popup-first-frame.ts');
    expect(code.includes('first-frame')).toBe(true);
    const hosts = ['dns.console.aliyun.com', 'console.huaweicloud.com', 'cdn.console.aliyun.com', 'console.cloud.tencent.com'];
    expect(hosts.filter((host) => code.includes(host))).toEqual([]);
  });
});
