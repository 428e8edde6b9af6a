/**
 * An X display for a headed Chromium: the toolbar popup only exists in a browser window with
 * a toolbar, which headless Chromium has none of. Uses the session's display when there is
 * one, else starts Xvfb (Debian's `xvfb`) on a free display number.
 */
import { spawn } from 'node:child_process';

export interface VirtualDisplay {
  /** The value for DISPLAY, e.g. ':99'. */
  display: string;
  stop(): void;
}

export async function virtualDisplay(): Promise<VirtualDisplay> {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, stop: () => undefined };
  // -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    xvfb.once('error', (err) => reject(new Error(`Xvfb did not start (${err.message}): install it with \`apt-get install -y xvfb\`.`)));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code} before it was ready.`)));
    xvfb.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const number = /^(\d+)\n/.exec(out)?.[1];
      if (number !== undefined) resolve(`:${number}`);
    });
  });
  return { display, stop: () => xvfb.kill() };
}
