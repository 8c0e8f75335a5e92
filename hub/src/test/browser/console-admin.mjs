// The browser's half of AdminPagesBrowserTest: an admin sets the hub up in the console's admin pages, by
// roles and names only (API.md "Console"): for each page the table named like its link, `Add <thing>`
// opening a dialog of that name, labelled fields, Save, the new row; a refused submission marks the field
// the API names (aria-invalid, described by the error) and keeps the dialog open; secrets never come back
// to the page; what is shown once is shown once; the widget snippet reaches the clipboard; hostile text
// stays text; axe-core on every page. It prints a step per page; the test then checks through the API.
//
//   node console-admin.mjs <consoleUrl> <config json> <chromiumPath>
//
// OMNIHUB_ADMIN_SHOT=<absolute path.png> saves the Channels page at the end (1400x900): docs/console-admin.png is
//   OMNIHUB_ADMIN_SHOT=$PWD/docs/console-admin.png mvn -o -pl hub -am test -Dtest=AdminPagesBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
import { assertAccessible } from './axe.mjs';
import { launchChromium } from './chromium.mjs';
import { expectNoPageErrors, signIn, step, watchErrors } from './steps.mjs';

const [consoleUrl, configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const TIMEOUT = 20_000;
const SECRETS = ['smtp-password-s3cret', 'imap-password-s3cret', 'sms-auth-token-s3cret'];

/** Opens a page from the Admin navigation and waits for its table; checks aria-current and axe-core. */
async function openPage(page, link, table = link) {
  const admin = page.getByRole('navigation', { name: 'Admin' });
  await admin.getByRole('link', { name: link, exact: true }).click();
  const found = page.getByRole('table', { name: table, exact: true });
  await found.waitFor();
  if ((await admin.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')) !== 'page') {
    throw new Error(`${link} is not the current page`);
  }
  await page.getByText('Loading…').waitFor({ state: 'detached' });
  await assertAccessible(page, `the ${link} page`);
  return found;
}

/** `Add <thing>` opens the dialog of that name. */
async function openDialog(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog', { name, exact: true });
  await dialog.waitFor();
  return dialog;
}

/** Saves and expects the API's refusal on the named field: aria-invalid, described by the error's text; the dialog stays. */
async function expectRefused(dialog, field, text) {
  await dialog.getByRole('button', { name: 'Save' }).click();
  const invalid = dialog.locator('[aria-invalid="true"]');
  await invalid.first().waitFor();
  const label = await invalid.first().evaluate((element) => element.labels?.[0]?.textContent.trim() ?? '');
  if (label !== field) throw new Error(`the invalid field is "${label}", not "${field}"`);
  const description = await invalid.first().evaluate((element) => (element.getAttribute('aria-describedby') ?? '').split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  if (!text.test(description)) throw new Error(`the field "${field}" is described by "${description}"`);
  await assertAccessible(dialog.page(), `the refused dialog at ${field}`, { include: 'dialog[open]' });
  if (!(await dialog.isVisible())) throw new Error('the refused dialog closed');
}

async function save(dialog) {
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Nothing the admin typed as a secret is anywhere in the page: not in its markup, not in a field's value. */
async function expectNoSecrets(page) {
  const shown = await page.evaluate((secrets) => {
    const values = [...document.querySelectorAll('input, textarea')].map((field) => field.value).join('\n');
    const text = `${document.documentElement.outerHTML}\n${values}`;
    return secrets.filter((secret) => text.includes(secret));
  }, SECRETS);
  if (shown.length) throw new Error(`secrets on the page: ${shown}`);
}

const browser = await launchChromium(executablePath);
let page;
const problems = [];
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watchErrors(page, problems);
  await signIn(page, consoleUrl, config.email, config.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
  const links = await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents();
  const wanted = ['Channels', 'Agents', 'Queues', 'SLA policies', 'Rules', 'Canned responses', 'Knowledge base', 'Tokens', 'Audit',
    'Business hours', 'Campaigns', 'Privacy'];
  const missing = wanted.filter((name) => !links.map((text) => text.trim()).includes(name));
  if (missing.length) throw new Error(`the Admin navigation lacks ${missing}: ${links}`);
  step('SIGNED_IN');

  // Channels: a refused address; an email channel with SMTP and IMAP passwords, an SMS channel with its
  // token, a chat channel with a hostile name whose snippet is copied; an edit that leaves the password.
  const channels = await openPage(page, 'Channels');
  let dialog = await openDialog(page, 'Add channel');
  await assertAccessible(page, 'the Add channel dialog', { include: 'dialog[open]' });
  await dialog.getByLabel('Type', { exact: true }).selectOption('email');
  await dialog.getByLabel('Name', { exact: true }).fill('Support mail');
  await dialog.getByLabel('Address').fill('not an address');
  await expectRefused(dialog, 'Address', /mail address/);
  await dialog.getByLabel('Address').fill('support@shop.test');
  await dialog.getByLabel('SMTP host').fill('127.0.0.1');
  await dialog.getByLabel('SMTP port').fill('2525');
  await dialog.getByLabel('SMTP encryption').selectOption('none');
  await dialog.getByLabel('SMTP user').fill('mailer');
  await dialog.getByLabel('SMTP password').fill(SECRETS[0]);
  await dialog.getByLabel('IMAP host').fill('127.0.0.1');
  await dialog.getByLabel('IMAP port').fill('9');
  await dialog.getByLabel('IMAP encryption').selectOption('none');
  await dialog.getByLabel('IMAP user').fill('support');
  await dialog.getByLabel('IMAP password').fill(SECRETS[1]);
  await dialog.getByLabel('Ask customers after resolution').check();
  await dialog.getByLabel('Survey delay').fill('2h');
  await save(dialog);
  await channels.getByRole('row', { name: /Support mail/ }).waitFor();
  const secretPanel = page.getByRole('region', { name: 'Channel Support mail created' });
  const signing = await secretPanel.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  if (signing.length < 20) throw new Error(`the signing secret shown is "${signing}"`);
  await secretPanel.getByRole('button', { name: 'Done, hide it' }).click();
  await secretPanel.waitFor({ state: 'detached' });
  if (await page.getByText(signing).count()) throw new Error('the signing secret is still on the page');

  dialog = await openDialog(page, 'Add channel');
  await dialog.getByLabel('Type', { exact: true }).selectOption('sms');
  await dialog.getByLabel('Name', { exact: true }).fill('Text us');
  await dialog.getByLabel('Account SID').fill('AC0123');
  await dialog.getByLabel('Auth token').fill(SECRETS[2]);
  await dialog.getByLabel('Phone number').fill('+4930555000');
  await save(dialog);
  await channels.getByRole('row', { name: /Text us/ }).waitFor();
  await page.getByRole('button', { name: 'Done, hide it' }).click();

  dialog = await openDialog(page, 'Add channel');
  await dialog.getByLabel('Type', { exact: true }).selectOption('chat');
  await dialog.getByLabel('Name', { exact: true }).fill(config.hostile);
  await dialog.getByLabel('Allowed sites').fill('https://shop.example');
  await dialog.getByLabel('Greeting').fill('Hi! How can we help?');
  await dialog.getByLabel('Widget language').selectOption('zh');
  await save(dialog);
  const chatPanel = page.getByRole('region', { name: `Channel ${config.hostile} created` });
  await chatPanel.getByRole('button', { name: 'Copy widget snippet' }).click();
  await chatPanel.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
  const snippet = await chatPanel.getByRole('textbox', { name: 'Widget snippet' }).inputValue();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const origin = new URL(consoleUrl).origin;
  if (copied !== snippet || !new RegExp(`^<script src="${origin}/widget\\.js" data-channel-id="[0-9a-f]{24}" async></script>$`).test(copied)) {
    throw new Error(`the copied snippet is "${copied}" (shown: "${snippet}")`);
  }
  await chatPanel.getByRole('button', { name: 'Done, hide it' }).click();
  await channels.getByRole('rowheader', { name: config.hostile, exact: true }).waitFor();

  // The edit shows no password; left empty, the stored one stays (the test checks it is still set).
  await channels.getByRole('button', { name: 'Edit Support mail' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit channel' });
  await dialog.waitFor();
  if ((await dialog.getByLabel('SMTP password').inputValue()) !== '') throw new Error('the edit shows a password');
  await dialog.getByLabel('SMTP host').fill('127.0.0.2');
  await save(dialog);
  await channels.getByRole('row', { name: /Support mail/ }).waitFor();
  await expectNoSecrets(page);
  // The chat channel's edit offers the snippet too.
  await page.getByRole('button', { name: `Edit ${config.hostile}` }).click();
  dialog = page.getByRole('dialog', { name: 'Edit channel' });
  await dialog.getByRole('button', { name: 'Copy widget snippet' }).click();
  if ((await page.evaluate(() => navigator.clipboard.readText())) !== snippet) throw new Error('the edit dialog copies another snippet');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await assertAccessible(page, 'the Channels page with rows');
  step('CHANNELS');

  // Agents (one list, not paged: the test made 59): a short password refused at its field; a supervisor
  // with skills and capacity; a deactivation.
  const agents = await openPage(page, 'Agents');
  const agentRows = () => agents.getByRole('row').filter({ has: page.getByRole('rowheader') }).count();
  if ((await agentRows()) !== 59) throw new Error(`the agents' page has ${await agentRows()} rows`);
  dialog = await openDialog(page, 'Add agent');
  await dialog.getByLabel('Name', { exact: true }).fill('Cem Kaya');
  await dialog.getByLabel('Email', { exact: true }).fill('cem@admin.test');
  await dialog.getByLabel('Password', { exact: true }).fill('short');
  await dialog.getByLabel('Supervisor').check();
  await dialog.getByLabel('Skills').fill('billing, german');
  await dialog.getByLabel('Chat capacity').fill('4');
  await dialog.getByLabel('Email capacity').fill('12');
  await dialog.getByLabel('API capacity').fill('2');
  await expectRefused(dialog, 'Password', /at least 8/);
  await dialog.getByLabel('Password', { exact: true }).fill('a long enough password');
  await save(dialog);
  await agents.getByRole('row', { name: /Cem Kaya/ }).filter({ hasText: 'Supervisor' }).waitFor();
  await agents.getByRole('button', { name: 'Edit Cem Kaya' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit agent' });
  if ((await dialog.getByLabel('Chat capacity').inputValue()) !== '4') throw new Error('the edit does not show the capacity');
  if ((await dialog.getByLabel('New password').inputValue()) !== '') throw new Error('the edit shows a password');
  await dialog.getByLabel('Voice capacity').fill('2');
  await save(dialog);
  await agents.getByRole('row', { name: /Cem Kaya/ }).filter({ hasText: 'Voice 2' }).waitFor();
  await agents.getByRole('button', { name: 'Deactivate Dan Gone' }).click();
  const confirm = page.getByRole('dialog', { name: /^Deactivate Dan Gone\?/ });
  await confirm.getByRole('button', { name: 'Deactivate Dan Gone' }).click();
  await agents.getByRole('row', { name: /Dan Gone/ }).filter({ hasText: 'Deactivated' }).waitFor();
  await agents.getByRole('button', { name: 'Reactivate Dan Gone' }).waitFor();
  if ((await agentRows()) !== 60) throw new Error(`the agents' page shows ${await agentRows()} agents, not 60`);
  step('AGENTS');

  // Queues: an overflow without its queue refused at that field; then the whole queue with its members.
  const queues = await openPage(page, 'Queues');
  dialog = await openDialog(page, 'Add queue');
  await dialog.getByLabel('Name', { exact: true }).fill('Billing');
  await dialog.getByRole('group', { name: 'Channels' }).getByLabel('Support mail (Email)').check();
  await dialog.getByRole('group', { name: 'Channels' }).getByLabel('Every SMS channel').check();
  await dialog.getByLabel('Skills').fill('billing');
  await dialog.getByLabel('Strategy').selectOption('roundRobin');
  await dialog.getByLabel('Priority').fill('5');
  await dialog.getByLabel('Overflow after').fill('5');
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Bea Berg').check();
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Cem Kaya').check();
  await expectRefused(dialog, 'Overflow queue', /queueId is required/);
  await dialog.getByLabel('Overflow queue').selectOption({ label: 'Tier 2' });
  await save(dialog);
  await queues.getByRole('row', { name: /Billing/ }).filter({ hasText: 'Bea Berg, Cem Kaya' }).filter({ hasText: 'after 5 min to Tier 2' }).waitFor();
  // A deletion asks first: cancelled, the queue stays; confirmed, it goes.
  await queues.getByRole('button', { name: 'Delete Old queue' }).click();
  await page.getByRole('dialog', { name: /^Delete the queue Old queue\?/ }).getByRole('button', { name: 'Cancel' }).click();
  await queues.getByRole('button', { name: 'Delete Old queue' }).click();
  await page.getByRole('dialog', { name: /^Delete the queue Old queue\?/ }).getByRole('button', { name: 'Delete Old queue' }).click();
  await queues.getByRole('row', { name: /Old queue/ }).waitFor({ state: 'detached' });
  // The agents' page shows the queues each is in.
  await openPage(page, 'Agents');
  await page.getByRole('table', { name: 'Agents' }).getByRole('row', { name: /Cem Kaya/ }).filter({ hasText: 'Billing' }).waitFor();
  step('QUEUES');

  // Business hours: an unknown time zone refused; then office hours with a holiday.
  const hours = await openPage(page, 'Business hours');
  dialog = await openDialog(page, 'Add business hours');
  await dialog.getByLabel('Name', { exact: true }).fill('Office');
  await dialog.getByLabel('Time zone').fill('Mars/Base');
  await expectRefused(dialog, 'Time zone', /IANA/);
  await dialog.getByLabel('Time zone').fill('Europe/Berlin');
  await dialog.getByLabel('Friday').fill('09:00-12:00, 13:00-15:00');
  await dialog.getByLabel('Holidays').fill('2026-12-25, 2026-12-26');
  await save(dialog);
  await hours.getByRole('row', { name: /Office/ }).filter({ hasText: 'Friday 09:00–12:00, 13:00–15:00' }).waitFor();
  step('BUSINESS_HOURS');

  // SLA policies: targets typed as minutes and hours, under the office hours, escalating on breach.
  const policies = await openPage(page, 'SLA policies');
  dialog = await openDialog(page, 'Add SLA policy');
  await dialog.getByLabel('Name', { exact: true }).fill('Standard');
  await dialog.getByLabel('Business hours').selectOption({ label: 'Office' });
  await dialog.getByLabel('First response (High)').fill('15');
  await dialog.getByLabel('Resolution (High)').fill('8h');
  await dialog.getByLabel('First response (Normal)').fill('60');
  await dialog.getByLabel('Next response (Normal)').fill('4h');
  await dialog.getByLabel('Resolution (Normal)').fill('2d');
  await dialog.getByLabel('Warn before breach').fill('10');
  await dialog.getByLabel('Escalate').check();
  await dialog.getByLabel('Raise priority').check();
  await dialog.getByLabel('Move to queue').selectOption({ label: 'Tier 2' });
  await save(dialog);
  await policies.getByRole('row', { name: /Standard/ }).filter({ hasText: 'High: First response 15 min, Resolution 8 h' }).waitFor();
  step('SLA_POLICIES');

  // Canned responses: an unknown placeholder refused at the text; a hostile title shown as text.
  const canned = await openPage(page, 'Canned responses');
  dialog = await openDialog(page, 'Add canned response');
  await dialog.getByLabel('Shortcut').fill('refund');
  await dialog.getByLabel('Title').fill(config.hostile);
  await dialog.getByLabel('Text', { exact: true }).fill('Hello {{customer.firstName}}, your refund is {{unknown}}.');
  await expectRefused(dialog, 'Text', /unknown placeholder \{\{unknown\}\}/);
  await dialog.getByLabel('Text', { exact: true }).fill('Hello {{customer.firstName}}, your refund is on its way.');
  await dialog.getByLabel('Language').selectOption('en');
  await save(dialog);
  await canned.getByRole('rowheader', { name: config.hostile, exact: true }).waitFor();
  await canned.getByRole('button', { name: `Edit ${config.hostile}` }).click();
  dialog = page.getByRole('dialog', { name: 'Edit canned response' });
  if ((await dialog.getByLabel('Shortcut').inputValue()) !== 'refund') throw new Error('the edit does not show the shortcut');
  await dialog.getByLabel('Text', { exact: true }).fill('Hello {{customer.firstName}}, {{agent.name}} sent your refund.');
  await save(dialog);
  await canned.getByRole('row').filter({ hasText: '{{agent.name}} sent your refund' }).waitFor();
  step('CANNED_RESPONSES');

  // Tokens: limited to a channel, shown once with a copy button, gone after; revoking another.
  const tokens = await openPage(page, 'Tokens');
  dialog = await openDialog(page, 'Add token');
  await dialog.getByLabel('Name', { exact: true }).fill('Shop integration');
  await dialog.getByRole('group', { name: 'Limit to channels' }).getByLabel('Support mail').check();
  await save(dialog);
  const tokenPanel = page.getByRole('region', { name: 'Token Shop integration created' });
  await tokenPanel.getByText('shown only this once').waitFor();
  const token = await tokenPanel.getByRole('textbox', { name: 'New token' }).inputValue();
  if (!token.startsWith('ohk_')) throw new Error(`the token shown is "${token}"`);
  await tokenPanel.getByRole('button', { name: 'Copy token' }).click();
  if ((await page.evaluate(() => navigator.clipboard.readText())) !== token) throw new Error('the token was not copied');
  await tokens.getByRole('row', { name: /Shop integration/ }).filter({ hasText: 'Support mail' }).waitFor();
  await tokenPanel.getByRole('button', { name: 'Done, hide it' }).click();
  if ((await page.content()).includes(token)) throw new Error('the token is still on the page');
  await tokens.getByRole('button', { name: 'Revoke Old script' }).click();
  await page.getByRole('dialog', { name: /^Revoke the token Old script\?/ }).getByRole('button', { name: 'Revoke Old script' }).click();
  await tokens.getByRole('row', { name: /Old script/ }).waitFor({ state: 'detached' });
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Channels' }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Tokens' }).click();
  await tokens.getByRole('row', { name: /Shop integration/ }).waitFor();
  if ((await page.content()).includes(token)) throw new Error('the token came back');
  step('TOKENS');

  // Audit: every change is there; a filter by action narrows it.
  const audit = await openPage(page, 'Audit');
  await audit.getByRole('cell', { name: 'POST /api/v1/channels', exact: true }).first().waitFor();
  const auditRows = () => audit.locator('tbody tr').count();
  if ((await auditRows()) !== 50) throw new Error(`the audit's first page has ${await auditRows()} rows`);
  await page.getByRole('button', { name: 'Show more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length > 50);
  await page.getByLabel('Action').fill('login.succeeded');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table tbody tr td:nth-child(3)')].map((cell) => cell.textContent.trim());
    return cells.length > 0 && cells.every((text) => text === 'login.succeeded');
  });
  await assertAccessible(page, 'the filtered audit');
  step('AUDIT');

  // The editors' pages are routes here (their elements come with their own modules).
  for (const link of ['Rules', 'Knowledge base', 'Campaigns', 'Privacy']) {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: link, exact: true }).click();
    await page.waitForFunction((name) => document.querySelector(`.admin-nav a[aria-current="page"]`)?.textContent.trim() === name, link);
  }
  await expectNoSecrets(page);
  if (await page.evaluate(() => window.__xss)) throw new Error('hostile text ran as markup');

  // A rename: the chat channel gets a plain name (the test checks it is the same channel).
  await openPage(page, 'Channels');
  await channels.getByRole('button', { name: `Edit ${config.hostile}` }).click();
  dialog = page.getByRole('dialog', { name: 'Edit channel' });
  await dialog.getByLabel('Name', { exact: true }).fill('Website');
  await save(dialog);
  await channels.getByRole('rowheader', { name: 'Website', exact: true }).waitFor();
  if (process.env.OMNIHUB_ADMIN_SHOT) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: process.env.OMNIHUB_ADMIN_SHOT });
  }
  step('RENAMED');

  // In Chinese: the same pages, named in the admin's language.
  const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const zh = await zhContext.newPage();
  zh.setDefaultTimeout(TIMEOUT);
  watchErrors(zh, problems);
  await zh.goto(`${consoleUrl}#/admin/queues`);
  await zh.getByRole('textbox', { name: '电子邮箱' }).fill(config.email);
  await zh.getByLabel('密码').fill(config.password);
  await zh.getByRole('button', { name: '登录' }).click();
  await zh.getByRole('heading', { name: '管理', level: 1 }).waitFor();
  await zh.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '队列' }).waitFor();
  await zh.getByRole('table', { name: '队列' }).getByRole('row', { name: /Billing/ }).filter({ hasText: '轮流分配' }).waitFor();
  await zh.getByRole('button', { name: '添加队列' }).click();
  await zh.getByRole('dialog', { name: '添加队列' }).getByLabel('分配策略').waitFor();
  await assertAccessible(zh, 'the Chinese Add queue dialog');
  expectNoPageErrors(problems);
  step('DONE');
} catch (error) {
  process.stderr.write(`${error && error.stack || error}\npage errors: ${JSON.stringify(problems)}\n`);
  process.exitCode = 1;
  if (process.env.OMNIHUB_BROWSER_SHOTS) await page?.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-admin-failed.png` });
} finally {
  await browser.close();
  process.exit();
}
