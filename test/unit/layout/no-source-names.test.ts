/**
 * The task sources' one seam is the registry (lib/providers/sources.ts folds them into their
 * providers): the engine, the store and the UI never name one. A CDN source is a folder and a
 * registry line; if this fails, something outside the seam learnt about it.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const AREAS = ['lib/engine', 'lib/store', 'components', 'entrypoints'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(tsx?|css|html)$/.test(name) ? [path] : [];
  });
}

describe('the engine, the store and the UI name no task source', () => {
  it.each(AREAS)('%s never says "cdn"', (area) => {
    const hits = files(join(root, area)).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/cdn/i.test(line) ? [`${relative(root, path)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
