// Debian's Chromium as every browser script here starts it: headless, no sandbox (CI runs as root), and
// nothing that reaches for the network on its own (this machine's network is closed).
import { chromium } from 'playwright-core';

export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
