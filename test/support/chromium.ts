import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; override with LIFELINE_CHROMIUM for another build. */
export const CHROMIUM_PATH = process.env.LIFELINE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a quiet headless run on a machine without internet: no sandbox (containers), no
 * GPU, and nothing that phones home (updates, sync, background networking).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium through playwright-core (which brings no browser of its own). A
 * missing browser is a failure with a clear message, never a skipped test.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package or set LIFELINE_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}
