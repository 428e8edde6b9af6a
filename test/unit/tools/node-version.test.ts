import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nodeAdvice, SUPPORTED_NODE } from '../../tools/node-version.mjs';

describe('the Node versions npm test and npm run demo accept', () => {
  it('says nothing on a supported Node: 22.13 and later 22s, 24 and newer', () => {
    for (const version of ['22.13.0', '22.20.1', 'v22.13.0', '24.0.0', '24.11.1', '25.2.0']) expect(nodeAdvice(version), version).toBeUndefined();
  });

  it('gives one line naming the Node in use and what to install on an older one (Node 20 is past its end of life), without failing', () => {
    for (const version of ['20.20.2', 'v20.20.2', '22.12.0', '18.20.8']) {
      const advice = nodeAdvice(version);
      expect(advice, version).toContain(`this is Node ${version.replace(/^v/, '')}`);
      expect(advice).toContain('install Node 24 LTS');
      expect(advice).not.toContain('\n');
    }
  });

  it('is the range package.json states in "engines"', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines?: { node?: string } };
    expect(pkg.engines?.node).toBe(SUPPORTED_NODE);
  });
});
