// The browser's half of AgentConsoleBrowserTest: an agent's shift in the console, by roles and names
// (API.md "Console"), in one page under the console's own Content-Security-Policy (axe-core is put in
// through the debugging protocol, which the policy does not govern). Prints a line per step; where
// the test must act (a customer writes, the network drops), it prints AWAITING_* and waits for a line
// on standard input.
//
//   node console-agent.mjs <consoleUrl> <config json> <chromiumPath>
import { assertAccessible } from './axe.mjs';
import { launchChromium } from './chromium.mjs';
import { expectNoPageErrors, handoff, step, watchErrors } from './steps.mjs';

const [consoleUrl, configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const LIVE_MS = 2_000; // the contract: what happens elsewhere shows within 2 s
const TIMEOUT = 20_000;


const browser = await launchChromium(executablePath);
let page;
const problems = [];
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watchErrors(page, problems);
  await page.goto(consoleUrl);

  // Sign-in: a wrong password is an alert; the right one shows the inbox.
  await page.getByRole('textbox', { name: 'Email' }).fill(config.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await assertAccessible(page, 'sign-in with an error');
  await page.getByLabel('Password').fill(config.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  const main = page.getByRole('navigation', { name: 'Main' });
  await main.getByRole('link', { name: 'Inbox' }).waitFor();
  if (await main.getByRole('link', { name: 'Admin' }).count()) throw new Error('an agent is offered the admin pages');
  const connection = page.getByRole('status', { name: 'Connection' });
  await connection.filter({ hasText: 'Live' }).waitFor();
  const presence = page.getByRole('combobox', { name: 'Presence' });
  if ((await presence.inputValue()) !== 'online') throw new Error('presence is not Online at first');

  // A reload keeps the agent signed in (the session cookie; no token in page storage); signing out
  // ends it; signing in again restores the presence the agent last chose.
  await Promise.all([page.waitForResponse((r) => r.url().includes('/presence') && r.ok()), presence.selectOption('away')]);
  await page.reload();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  if (await page.evaluate(() => localStorage.length + sessionStorage.length)) throw new Error('something was kept in page storage');
  if ((await presence.inputValue()) !== 'away') throw new Error('the reload lost the chosen presence');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(config.email);
  await page.getByLabel('Password').fill(config.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  if ((await presence.inputValue()) !== 'away') throw new Error('signing in did not restore the chosen presence');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/presence') && r.ok()), presence.selectOption('online')]);
  await connection.filter({ hasText: 'Live' }).waitFor();
  step('SIGNED_IN');

  // The list and a thread.
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'All' }).click();
  const list = page.getByRole('list', { name: 'Conversations' });
  const anaLink = list.getByRole('link', { name: /^Ana Lima/ });
  await list.getByRole('link', { name: /^Ana Lima.*1 unread/ }).waitFor();
  if (!/via API/.test(await anaLink.textContent())) throw new Error(`the row does not name the channel: ${await anaLink.textContent()}`);
  await anaLink.click();
  const thread = page.getByRole('region', { name: 'Conversation' });
  await thread.getByRole('heading', { name: 'Ana Lima', level: 2 }).waitFor();
  const log = thread.getByRole('log', { name: 'Messages' });
  await log.getByRole('article', { name: /^Ana Lima/ }).filter({ hasText: 'via API' }).first().waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('#conversations a')].some((a) => /Ana Lima[\s\S]*unread/.test(a.textContent)),
    null, { timeout: LIVE_MS }); // read: the count is gone
  step('THREAD');

  // A suggestion inserted, then the reply sent with Ctrl+Enter; a note.
  const suggestions = page.getByRole('region', { name: 'Suggestions' });
  await suggestions.getByRole('listitem').filter({ hasText: 'Tracking a parcel' }).waitFor();
  await suggestions.getByRole('listitem').filter({ hasText: 'Parcel delivery times' }).waitFor();
  await suggestions.getByRole('button', { name: 'Not helpful: Parcel delivery times' }).click();
  await suggestions.getByRole('listitem').filter({ hasText: 'Parcel delivery times' }).waitFor({ state: 'detached' });
  await suggestions.getByRole('button', { name: 'Insert Tracking a parcel' }).click();
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await page.waitForFunction(() => document.querySelector('textarea')?.value.includes('track your parcel'));
  await reply.fill('Hello Ana, your parcel is on its way.');
  await reply.press('Control+Enter');
  await log.getByRole('article', { name: /^Bea Berg \(agent\)/ }).filter({ hasText: 'your parcel is on its way' }).waitFor();
  if ((await reply.inputValue()) !== '') throw new Error('the reply box was not emptied after sending');
  await page.getByRole('tablist', { name: 'Composer' }).getByRole('tab', { name: 'Note' }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('VIP customer, be quick');
  await page.getByRole('button', { name: 'Add note' }).click();
  await log.getByRole('article', { name: /^Note by Bea Berg/ }).waitFor();

  // A canned response from "/", filled in; a refused send keeps its text and says why.
  await page.getByRole('tablist', { name: 'Composer' }).getByRole('tab', { name: 'Reply' }).click();
  await reply.pressSequentially('/tha');
  const canned = page.getByRole('listbox', { name: 'Canned responses' });
  await canned.getByRole('option', { name: /Thanks/ }).waitFor();
  await reply.press('Enter');
  if ((await reply.inputValue()) !== 'Thank you Ana, happy to help.') throw new Error(`canned text: ${await reply.inputValue()}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await log.getByRole('article', { name: /^Bea Berg \(agent\)/ }).filter({ hasText: 'Thank you Ana, happy to help.' }).waitFor();
  // A file attached with the paperclip goes with the reply and is listed on it.
  await page.locator('#composer-files').setInputFiles({ name: 'label.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 label') });
  await page.getByRole('list', { name: 'Files to send' }).getByRole('button', { name: 'Remove label.pdf' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.composer .files')?.textContent.includes('Uploading'));
  await reply.fill('The return label is attached.');
  await reply.press('Control+Enter');
  await log.getByRole('article', { name: /^Bea Berg \(agent\)/ }).filter({ hasText: 'The return label is attached.' })
    .getByRole('button', { name: 'Download label.pdf' }).waitFor();
  const tooLong = 'x'.repeat(32_001);
  await reply.fill(tooLong);
  await reply.press('Control+Enter');
  await page.locator('oh-composer').getByRole('alert').waitFor();
  if ((await reply.inputValue()) !== tooLong) throw new Error('a failed send lost the draft');
  await reply.fill('');
  step('REPLIED');

  await page.getByRole('combobox', { name: 'Assignee' }).selectOption({ label: 'Bea Berg' });
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Mine' }).click();
  await list.getByRole('link', { name: /^Ana Lima/ }).waitFor();
  await assertAccessible(page, 'the inbox with a thread open');
  step('ASSIGNED');

  // Live: a customer's message, a colleague's note and the colleague viewing, without a reload.
  await handoff('AWAITING_LIVE');
  await log.getByRole('article', { name: /^Ana Lima/ }).filter({ hasText: 'Any news about my parcel?' }).waitFor({ timeout: LIVE_MS });
  await log.getByRole('article', { name: /^Note by Cem Kaya/ }).filter({ hasText: 'Courier confirmed pickup' }).waitFor({ timeout: LIVE_MS });
  await page.getByRole('status', { name: 'Other agents' }).filter({ hasText: 'Cem Kaya is typing…' }).waitFor({ timeout: LIVE_MS });
  await page.getByRole('status', { name: 'Other agents' }).filter({ hasText: 'Cem Kaya is viewing' }).waitFor({ timeout: 10_000 });
  step('LIVE');

  // The connection drops; what happens meanwhile is there after it comes back, without a reload.
  await page.evaluate(() => { window.__notReloaded = true; });
  await handoff('AWAITING_DROP');
  await connection.filter({ hasText: /Reconnecting…|Offline/ }).waitFor();
  await handoff('SEEN_DOWN');
  await connection.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
  await log.getByRole('article', { name: /^Ana Lima/ }).filter({ hasText: 'Still waiting while you were away' }).waitFor({ timeout: LIVE_MS });
  await log.getByRole('article', { name: /^Note by Cem Kaya/ }).filter({ hasText: 'Refund approved meanwhile' }).waitFor({ timeout: LIVE_MS });
  if (!(await page.evaluate(() => window.__notReloaded))) throw new Error('the page was reloaded');
  const first = (await list.getByRole('link').first().textContent()).trim();
  if (!first.startsWith('Ana Lima')) throw new Error(`the newest activity is not at the top: ${first}`);
  step('RESUMED');

  // Resolve and reopen; escalate to a ticket.
  await thread.getByRole('button', { name: 'Resolve' }).click();
  await thread.getByRole('button', { name: 'Reopen' }).click();
  await thread.getByRole('button', { name: 'Resolve' }).waitFor();
  await handoff('AWAITING_COLLEAGUE');
  await thread.getByRole('button', { name: 'Reopen' }).waitFor({ timeout: LIVE_MS }); // a colleague resolved it
  await thread.getByRole('button', { name: 'Reopen' }).click();
  await thread.getByRole('button', { name: 'Resolve' }).waitFor();
  step('RESOLVED_AND_REOPENED');
  await thread.getByRole('button', { name: 'Escalate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate' });
  await dialog.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await dialog.getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Billing' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Refund above the agent limit');
  await assertAccessible(page, 'the escalation dialog');
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await thread.getByText(/Ticket #\d+/).waitFor();
  await thread.getByText(/Resolution due /).waitFor(); // the queue's SLA policy: the ticket's due times in the header
  step('ESCALATED');

  // The phone rings: the pop names the caller and opens their conversation, transcript and speakers.
  await handoff('AWAITING_CALL');
  const pop = page.getByRole('alertdialog', { name: 'Incoming call' });
  await pop.waitFor({ timeout: LIVE_MS });
  await assertAccessible(page, 'the incoming call');
  await pop.getByRole('button', { name: 'Open' }).click();
  await log.getByRole('article').filter({ hasText: 'My router blinks red.' }).filter({ hasText: 'via phone' }).waitFor();
  await log.getByRole('term').filter({ hasText: 'agent' }).first().waitFor();
  step('CALL_OPENED');

  // Hostile text from a customer is text: shown as typed, never run.
  // Found by the server-side search (her email), as the only row.
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'All' }).click();
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('EVE@example');
  await page.waitForFunction(() => document.querySelectorAll('#conversations a').length === 1
    && document.querySelector('#conversations a').textContent.includes('Eve'));
  const eveLink = list.getByRole('link', { name: config.hostileName, exact: false });
  await eveLink.click();
  await thread.getByRole('heading', { name: config.hostileName, level: 2 }).waitFor();
  await log.getByRole('article').filter({ hasText: "<script>window.__xss='text'</script><b>not bold</b>" }).waitFor();
  await page.getByRole('complementary', { name: 'Customer' }).getByRole('heading', { name: config.hostileName }).waitFor();
  const injected = await page.evaluate(() => ({ xss: window.__xss, images: document.querySelectorAll('main img, main script, main b').length }));
  if (injected.xss !== undefined || injected.images) throw new Error(`customer text became markup: ${JSON.stringify(injected)}`);

  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await list.getByRole('link', { name: /^Ana Lima/ }).waitFor();
  // Snoozed until tomorrow morning: out of the Open list, the header says until when, and it can be woken.
  const snooze = thread.getByRole('button', { name: 'Snooze', exact: true });
  await snooze.click();
  if ((await snooze.getAttribute('aria-expanded')) !== 'true') throw new Error('the Snooze button does not say its choices are shown');
  const choices = thread.getByRole('group', { name: 'Snooze until' });
  await choices.getByRole('button', { name: 'In 1 hour' }).waitFor();
  await assertAccessible(page, 'the snooze choices');
  await choices.getByRole('button', { name: 'Tomorrow, 9:00' }).click();
  await thread.getByText(/^Snoozed until /).waitFor();
  await thread.getByRole('button', { name: 'Wake now' }).waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('#conversations a')].some((a) => a.textContent.includes('Eve')));

  // A mail whose sender, subject and HTML are markup: the subject as text, the HTML only on request,
  // in a sandboxed frame, its script and handlers gone (sanitized) and unable to run (sandbox).
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('mal@example');
  await page.waitForFunction(() => document.querySelectorAll('#conversations a').length === 1
    && document.querySelector('#conversations a').textContent.includes('Mal'));
  await list.getByRole('link').first().click();
  const mail = log.getByRole('article').filter({ hasText: `Subject: ${config.hostileSubject}` });
  await mail.filter({ hasText: 'via email' }).waitFor();
  await mail.getByRole('button', { name: 'Show formatted email' }).click();
  const frame = mail.locator('iframe[title="Formatted email"]');
  if ((await frame.getAttribute('sandbox')) !== '') throw new Error('the formatted mail is not in a fully sandboxed frame');
  await page.frameLocator('iframe[title="Formatted email"]').getByText('invoice').waitFor();
  await assertAccessible(page, 'a formatted email');
  const afterMail = await page.evaluate(() => ({ xss: window.__xss, markup: document.querySelectorAll('main script, main svg:not([aria-hidden])').length }));
  if (afterMail.xss !== undefined || afterMail.markup) throw new Error(`the mail became markup: ${JSON.stringify(afterMail)}`);

  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  step('HOSTILE_INERT');

  // A queue's view; then a long thread: earlier pages load above without moving what is being read,
  // and a new message while reading further up does not scroll, it is announced.
  await page.locator('oh-inbox-list').getByLabel('Queue').selectOption({ label: 'Billing' });
  await page.getByText('No conversations here.').waitFor(); // the queue holds no conversation (the ticket is Billing's, its thread not)
  await page.locator('oh-inbox-list').getByLabel('Queue').selectOption({ label: 'All queues' });
  await list.getByRole('link', { name: /^Lea Long/ }).click();
  await thread.getByRole('heading', { name: 'Lea Long', level: 2 }).waitFor();
  await log.getByRole('article').filter({ hasText: 'Line 120 of a long story' }).waitFor();
  const articles = () => log.getByRole('article').count();
  if ((await articles()) !== 50) throw new Error(`the thread opened with ${await articles()} messages, not its newest 50`);
  const anchor = log.getByRole('article').filter({ hasText: 'Line 71 of a long story' });
  await anchor.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const before = (await anchor.boundingBox()).y;
  await log.getByRole('button', { name: 'Load earlier messages' }).evaluate((button) => button.click()); // clicked where it is, not scrolled to
  await page.waitForFunction(() => document.querySelectorAll('[role="log"] article').length === 100);
  const after = (await anchor.boundingBox()).y;
  if (Math.abs(after - before) > 2) throw new Error(`earlier messages moved the line being read from ${before} to ${after}`);
  const scrollTop = await log.evaluate((element) => element.scrollTop);
  await handoff('AWAITING_LONG_THREAD_READ');
  await page.getByRole('button', { name: 'New messages below' }).waitFor({ timeout: LIVE_MS });
  if (Math.abs((await log.evaluate((element) => element.scrollTop)) - scrollTop) > 2) throw new Error('a new message scrolled the reader away');
  await page.getByRole('button', { name: 'New messages below' }).click();
  await log.getByRole('article').filter({ hasText: 'A new line while the agent reads further up' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#conversations a')?.textContent.includes('A new line while'), null, { timeout: LIVE_MS });

  // The keyboard: Alt+↓ opens the next conversation; ? shows the shortcuts.
  await log.focus();
  const second = (await list.getByRole('link').nth(1).locator('.who').textContent()).trim();
  await page.keyboard.press('Alt+ArrowDown');
  await thread.getByRole('heading', { name: second, level: 2 }).waitFor();
  await page.locator('body').focus();
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await assertAccessible(page, 'the shortcut sheet');
  await page.keyboard.press('Escape');
  step('SCROLL_KEPT');

  // In Chinese: the browser's language picks the catalogue.
  const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const zh = await zhContext.newPage();
  zh.setDefaultTimeout(TIMEOUT);
  watchErrors(zh, problems);
  await zh.goto(consoleUrl);
  await zh.getByRole('textbox', { name: '电子邮箱' }).fill(config.email);
  await zh.getByLabel('密码').fill(config.password);
  await zh.getByRole('button', { name: '登录' }).click();
  await zh.getByRole('heading', { name: '收件箱', level: 1 }).waitFor();
  await zh.getByRole('tablist', { name: '视图' }).getByRole('tab', { name: '全部' }).click();
  await zh.getByRole('list', { name: '会话' }).getByRole('link', { name: /^Ana Lima/ }).click();
  await zh.getByRole('region', { name: '会话' }).getByRole('button', { name: '解决' }).waitFor();
  await zh.getByRole('status', { name: '连接' }).filter({ hasText: '实时' }).waitFor();
  await assertAccessible(zh, 'Chinese');
  step('CHINESE');

  expectNoPageErrors(problems);
} catch (error) {
  process.stderr.write(`${error && error.stack || error}\npage errors: ${JSON.stringify(problems)}\n`);
  process.exitCode = 1;
  if (process.env.OMNIHUB_BROWSER_SHOTS) await page?.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-agent-failed.png` });
} finally {
  await browser.close();
  process.exit();
}
