// The browser's half of ConsoleShellTest: the console's page in Debian's Chromium under its own
// Content-Security-Policy (nothing refused, Lit loaded through the import map, the sign-in form rendered),
// then checked there with axe-core. Prints a line per step.
//
//   node console-shell.mjs <consoleUrl> <chromiumPath>
import { launchChromium } from './chromium.mjs';
import { assertAccessible } from './axe.mjs';

const [consoleUrl, executablePath] = process.argv.slice(2);
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

  await assertAccessible(strict, 'the sign-in form');
  process.stdout.write('ACCESSIBLE\n');
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exitCode = 1;
} finally {
  await browser.close();
}
