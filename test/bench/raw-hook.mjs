// Vite's `?raw` imports (the locale files the catalogue bundles) for the bench's Node runs:
// the file's text as the module's default export, as Vite gives it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.yml(\?raw)?$/.test(url)) {
    return { format: 'module', shortCircuit: true, source: `export default ${JSON.stringify(readFileSync(fileURLToPath(url.split('?')[0]), 'utf8'))};` };
  }
  return nextLoad(url, context);
}
