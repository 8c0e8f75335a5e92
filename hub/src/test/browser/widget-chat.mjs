// The visitor's half of WidgetBrowserTest: Debian's Chromium, driven by playwright-core, opens a
// page of another origin that embeds /widget.js, chats, and checks what the agent's half does; axe-core
// checks the widget closed, open, with messages and with the survey card. It prints one line per step
// reached (the JUnit test acts on them) and exits non-zero on failure.
//
//   node widget-chat.mjs <pageUrl> <chromiumPath>
import { launchChromium } from './chromium.mjs';
import { accessible, STEP_TIMEOUT, step } from './widget-checks.mjs';

const [pageUrl, executablePath] = process.argv.slice(2);

const browser = await launchChromium(executablePath);
try {
  // A page with no lang and an English browser: the widget speaks English.
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('console', (message) => process.stderr.write(`[page ${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error}\n`));

  await page.goto(pageUrl);
  const widget = page.locator('[data-omnihub-widget]');
  await widget.getByRole('button', { name: 'Chat with us' }).waitFor({ timeout: STEP_TIMEOUT });
  await accessible(page, 'the closed launcher');
  await widget.locator('.launcher').click();
  await widget.locator('.status', { hasText: 'Online' }).waitFor({ timeout: STEP_TIMEOUT });
  if (await widget.getAttribute('lang') !== 'en') {
    throw new Error('the widget declares lang=' + await widget.getAttribute('lang'));
  }
  await widget.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  // The paperclip is drawn, not a character of an emoji font; the button is named by text.
  const attach = widget.getByRole('button', { name: 'Attach a file' });
  if (await attach.locator('svg[aria-hidden="true"]').count() !== 1 || (await attach.textContent()).trim() !== '') {
    throw new Error('the attach button is not an SVG icon with a name: ' + await attach.innerHTML());
  }
  await accessible(page, 'the open widget');
  step('ONLINE');

  // Help first: what the visitor types finds the help center's published articles, and one opens in the chat.
  await widget.locator('textarea').pressSequentially('where is my parcel', { delay: 10 });
  await widget.locator('.help-item', { hasText: 'Tracking a delivery' }).click({ timeout: STEP_TIMEOUT });
  await widget.locator('.article', { hasText: 'tracking number' }).waitFor({ timeout: STEP_TIMEOUT });
  if (await widget.locator('.help-item', { hasText: 'Draft' }).count() !== 0) {
    throw new Error('the widget offered a draft');
  }
  await widget.locator('textarea').fill('');
  await widget.locator('.help').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  step('HELP');

  await widget.locator('textarea').pressSequentially('Hello from Chromium', { delay: 10 });
  await widget.locator('textarea').press('Enter');
  // Acknowledged means stored: the bubble stops being "sending" and gets its seq.
  await widget.locator('.msg.inbound:not(.sending)[data-seq="1"]', { hasText: 'Hello from Chromium' }).waitFor({ timeout: STEP_TIMEOUT });
  step('SENT');

  // Typing before the first message reaches no one (there is no conversation yet); now it does.
  await widget.locator('textarea').pressSequentially('And', { delay: 10 });
  step('TYPING');

  await widget.locator('.typing', { hasText: 'typing' }).waitFor({ timeout: STEP_TIMEOUT });
  step('AGENT_TYPING');

  await widget.locator('.msg.outbound', { hasText: 'Hello from the agent' }).waitFor({ timeout: STEP_TIMEOUT });
  await widget.locator('textarea').fill('');
  await accessible(page, 'the widget with messages');
  step('REPLY');

  await widget.locator('.msg.inbound[data-read="true"] .meta', { hasText: 'Seen' }).waitFor({ timeout: STEP_TIMEOUT });
  step('SEEN');

  // The widget offers to take an email for answers that come after the visitor left.
  await widget.locator('.ask input').fill('visitor@example.com');
  await widget.locator('.ask button').click();
  await widget.locator('.msg', { hasText: 'we will email you our answers at visitor@example.com' }).waitFor({ timeout: STEP_TIMEOUT });
  step('EMAIL');

  // A file, through the paperclip's file chooser.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await widget.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
  await widget.locator('.msg.inbound:not(.sending)', { hasText: 'photo.png' }).waitFor({ timeout: STEP_TIMEOUT });
  await accessible(page, 'the widget with a file sent');
  step('FILE');

  // A reload keeps the visitor and shows the whole conversation once.
  await page.reload();
  await widget.locator('.launcher').click();
  await widget.locator('.msg.outbound', { hasText: 'Hello from the agent' }).waitFor({ timeout: STEP_TIMEOUT });
  await widget.locator('.msg a.file', { hasText: 'photo.png' }).waitFor({ timeout: STEP_TIMEOUT });
  const texts = await widget.locator('.msg .body').allTextContents();
  // The file's link downloads it with the visitor's token.
  const href = await widget.locator('.msg a.file').getAttribute('href');
  const downloaded = await page.request.get(href);
  if (downloaded.status() !== 200 || Buffer.compare(await downloaded.body(), png) !== 0) {
    throw new Error('the file link answered ' + downloaded.status());
  }
  if (JSON.stringify(texts) !== JSON.stringify(['Hello from Chromium', 'Hello from the agent', 'photo.png'])) {
    throw new Error('after a reload the conversation shows ' + JSON.stringify(texts));
  }
  step('HISTORY');

  // The network drops (the test cuts the connection and answers meanwhile): the answer arrives once
  // after the widget reconnects by itself.
  await widget.locator('.msg.outbound', { hasText: 'While you were away' }).waitFor({ timeout: 45_000 });
  const after = await widget.locator('.msg .body').allTextContents();
  if (after.filter((text) => text === 'While you were away').length !== 1 || after.length !== 4) {
    throw new Error('after reconnecting the conversation shows ' + JSON.stringify(after));
  }
  step('RESUMED');

  // The agent resolves the conversation: the widget asks for a rating, five choices and a comment box.
  const survey = widget.getByRole('form', { name: 'Rate this conversation' });
  await survey.waitFor({ timeout: STEP_TIMEOUT });
  await accessible(page, 'the survey card');
  await survey.getByRole('button', { name: '4 of 5, good' }).click();
  await survey.getByRole('textbox', { name: 'Comment (optional)' }).fill('<img src=x onerror=alert(1)> quick & kind');
  await survey.getByRole('button', { name: 'Send rating' }).click();
  await widget.getByRole('status').filter({ hasText: 'Thank you for your rating!' }).waitFor({ timeout: STEP_TIMEOUT });
  await accessible(page, 'the rated survey');
  step('RATED');
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exitCode = 1;
} finally {
  await browser.close();
}
