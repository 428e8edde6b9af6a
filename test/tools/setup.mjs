// `npm test` and `npm run demo` start here, so a fresh clone needs nothing typed before them:
// install the npm dependencies when they are missing or older than package-lock.json, and the
// browsers when they are missing (Debian's packages when run as root on Debian or Ubuntu;
// elsewhere one line that says what to install). Plain Node: it runs before `npm ci` has.
//
//   node test/tools/setup.mjs test    Chromium, Firefox ESR and (without a display) Xvfb
//   node test/tools/setup.mjs demo    Chromium
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { findChromium, findFirefox, findXvfb, installHint } from './browsers.mjs';
import { nodeAdvice } from './node-version.mjs';

const purpose = process.argv[2] === 'demo' ? 'demo' : 'test';

// Advice only: an older Node that works is no reason to stop (CI's is Node 20 today).
const advice = nodeAdvice(process.versions.node);
if (advice) console.log(advice);

function run(command, args) {
  execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function dependenciesAreCurrent() {
  // npm writes node_modules/.package-lock.json at every install: older than the lock file means
  // the lock file changed since (a pull, a switched branch). A second's slack: `npm install`
  // writes both in the same run.
  const installed = 'node_modules/.package-lock.json';
  return existsSync(installed) && statSync('package-lock.json').mtimeMs <= statSync(installed).mtimeMs + 1000;
}

if (!dependenciesAreCurrent()) {
  console.log('Installing the npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const needed = [
  { debianPackage: 'chromium', find: findChromium },
  ...(purpose === 'test'
    ? [
        { debianPackage: 'firefox-esr', find: findFirefox },
        { debianPackage: 'xvfb', find: findXvfb },
      ]
    : []),
];
const missing = needed.filter(({ find }) => find().notInstalled);
// Screenshots in Chinese need a CJK font; Debian's browsers come with none.
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

const onDebian = process.platform === 'linux' && existsSync('/etc/debian_version');
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const canApt = onDebian && asRoot;
const wanted = [...missing.map((m) => m.debianPackage), ...(canApt && !existsSync(cjkFont) ? ['fonts-wqy-microhei'] : [])];

if (wanted.length > 0 && canApt) {
  console.log(`Installing ${wanted.join(', ')} from Debian's packages…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...wanted]);
}

const stillMissing = needed.map((need) => ({ ...need, found: need.find() })).filter(({ found }) => !found.path);
if (stillMissing.length === 1 || stillMissing.some((m) => !m.found.notInstalled)) {
  const first = stillMissing.find((m) => !m.found.notInstalled) ?? stillMissing[0];
  console.error(`Batchwatch: ${first.found.problem}`);
  process.exit(1);
}
if (stillMissing.length > 1) {
  // One line that says exactly what to install, never a stack trace.
  const packages = stillMissing.map((m) => m.debianPackage);
  console.error(`Batchwatch needs ${packages.join(', ')}: ${installHint(packages)}`);
  process.exit(1);
}
