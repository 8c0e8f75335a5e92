// The browser's half of ConsoleShellTest: the console's page in Debian's Chromium under its own
// Content-Security-Policy (nothing refused, Lit loaded through the import map, the sign-in form rendered),
// then checked with axe-core (in a second context that lets axe in). Prints a line per step.
//
//   node console-shell.mjs <consoleUrl> <chromiumPath>
import { launchChromium } from './chromium.mjs';
import { createRequire } from 'node:module';

const [consoleUrl, executablePath] = process.argv.slice(2);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TIMEOUT = 20_000;

const browser = await launchChromium(executablePath);
try {
  const strict = await (await browser.newContext()).newPage();
  const problems = [];
  strict.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(message.text());
    }
  });
  strict.on('pageerror', (error) => problems.push(String(error)));
  await strict.goto(consoleUrl);
  await strict.getByRole('textbox', { name: 'Email' }).waitFor({ timeout: TIMEOUT });
  await strict.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: TIMEOUT });
  if (problems.length) {
    throw new Error('the page under its policy: ' + JSON.stringify(problems));
  }
  process.stdout.write('RENDERED\n');

  const checked = await (await browser.newContext({ bypassCSP: true })).newPage();
  await checked.goto(consoleUrl);
  await checked.getByRole('textbox', { name: 'Email' }).waitFor({ timeout: TIMEOUT });
  await checked.addScriptTag({ path: axePath });
  const result = await checked.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    throw new Error('axe: ' + JSON.stringify(serious.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }))));
  }
  process.stdout.write('ACCESSIBLE\n');
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exitCode = 1;
} finally {
  await browser.close();
}
