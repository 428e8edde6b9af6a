// Vite's `?raw` imports (the locale files the catalogue bundles) for the bench's Node runs:
// the file's text as the module's default export, as Vite gives it. The catalogue reaches them
// through Vite's eager `import.meta.glob`, which Node has no such thing as: written out here as
// the object of texts Vite would build, keyed by the path as the pattern spells it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GLOB = /import\.meta\.glob\(\s*(["'])([^"']+)\1\s*,\s*(\{[^}]*\})\s*\)/g;

/** `./dir/*.ext` relative to the importing file: the only shape the bench's modules use. */
function rawGlob(file, pattern, options) {
  const raw = /query\s*:\s*["']\?raw["']/.test(options) && /eager\s*:\s*(?:true|!0)/.test(options) && /import\s*:\s*["']default["']/.test(options);
  const shape = /^(\.{1,2}\/(?:[^*]+\/)?)([^*/]*)\*([^*/]*)$/.exec(pattern);
  if (!raw || !shape) throw new Error(`test/bench/raw-hook.mjs reads only eager ?raw globs of ./dir/*.ext, not ${pattern} ${options} in ${file}`);
  const [, dir, prefix, suffix] = shape;
  const texts = {};
  for (const name of readdirSync(path.resolve(path.dirname(file), dir)).sort()) {
    if (name.startsWith(prefix) && name.endsWith(suffix)) texts[`${dir}${name}`] = readFileSync(path.resolve(path.dirname(file), dir, name), 'utf8');
  }
  return JSON.stringify(texts);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.yml(\?raw)?$/.test(url)) {
    return { format: 'module', shortCircuit: true, source: `export default ${JSON.stringify(readFileSync(fileURLToPath(url.split('?')[0]), 'utf8'))};` };
  }
  const loaded = await nextLoad(url, context);
  if (!url.startsWith('file:') || loaded.source == null) return loaded;
  const source = String(loaded.source);
  if (!source.includes('import.meta.glob(')) return loaded;
  const file = fileURLToPath(url.split('?')[0]);
  return { ...loaded, source: source.replace(GLOB, (_, _quote, pattern, options) => rawGlob(file, pattern, options)) };
}
