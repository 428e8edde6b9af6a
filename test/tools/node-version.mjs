// The Node versions Batchwatch supports, as package.json "engines" states them: the maintained
// LTS lines from 22.13 (the oldest some dev dependencies, listr2 among them, accept) and 24.
// Node 20 is past its end of life; it still runs everything today, so an older Node gets one
// line of advice, never a failure.
export const SUPPORTED_NODE = '^22.13.0 || >=24.0.0';
const MINIMUM = [22, 13];

/**
 * One line saying what to install when `version` (e.g. process.versions.node) is older than
 * supported; undefined when it is supported.
 */
export function nodeAdvice(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, '').split('.').map(Number);
  const [minMajor, minMinor] = MINIMUM;
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return `Batchwatch supports Node 22.13 or newer (22 or 24 LTS); this is Node ${String(version).replace(/^v/, '')}, which still runs the tests but is not supported: install Node 24 LTS (https://nodejs.org/en/download).`;
}
