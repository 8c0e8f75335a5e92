// What every console browser script shares with its JUnit test: a line per step reached (the test awaits
// them), the hand-off (the script waits until the test, having acted, writes "GO" on its standard input,
// optionally followed by a value), and signing in through the contract's names.
import readline from 'node:readline';

let lines = null;
let reader = null;

/** Tells the test a step was reached. */
export function step(name) {
  process.stdout.write(`${name}\n`);
}

/** Reports the step, then waits for the test's "GO"; returns what followed it ("GO <id>" → "<id>"). */
export async function handoff(name) {
  step(name);
  if (!reader) {
    reader = readline.createInterface({ input: process.stdin });
    lines = reader[Symbol.asyncIterator]();
  }
  const { value, done } = await lines.next();
  if (done || !value.startsWith('GO')) throw new Error(`the test did not say GO after ${name}`);
  return value.slice(2).trim();
}

/** Stops reading the standard input (a script that handed off ends sooner). */
export function stopListening() {
  reader?.close();
}

/** Signs in through the English form and waits for the inbox. */
export async function signIn(page, consoleUrl, email, password) {
  await page.goto(consoleUrl);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}

/** Collects what the page reports as errors (console errors, uncaught exceptions) into `problems`. */
export function watchErrors(page, problems) {
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
}

/**
 * Fails on any error the page reported but a refused request or a dropped socket, which the scripts
 * cause on purpose (a wrong password, a cut connection).
 */
export function expectNoPageErrors(problems) {
  const real = problems.filter((text) => !/Failed to load resource|WebSocket connection/.test(text));
  if (real.length) throw new Error(`errors in the page: ${JSON.stringify(real)}`);
}
