// The browser's half of FirstRunBrowserTest: a new site set up in the console alone, from the admin the
// first start printed to a visitor's chat answered by an agent the hub routed it to. The admin adds a chat
// channel (and copies its snippet), an email inbox, three agents, an SLA policy, two queues and a rule;
// the snippet goes on the shop's page (a server of the test's); Bea signs in, a
// visitor writes, and Bea answers from her inbox. By roles and names only (API.md "Console").
//
//   node console-first-run.mjs <consoleUrl> <config json> <chromiumPath>
//   config: {email, password, agentPassword, shopUrl (PUT /page sets the page's body)}; stdin "GO" after SET_UP (the test checked the set-up).
import { assertAccessible } from './axe.mjs';
import { launchChromium } from './chromium.mjs';
import { handoff, signIn, step, stopListening } from './steps.mjs';

const [consoleUrl, configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const TIMEOUT = 20_000;
// The shop's site: a small server of the test's, which serves the page the snippet is put on.
const SHOP = config.shopUrl;

function logErrors(page, who) {
  page.on('console', (message) => message.type() === 'error' && process.stderr.write(`[${who} error] ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`[${who} page error] ${error}\n`));
}

async function adminPage(page, link) {
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: link, exact: true }).click();
  const table = page.getByRole('table', { name: link, exact: true });
  await table.waitFor();
  return table;
}

async function add(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog', { name, exact: true });
  await dialog.waitFor();
  return dialog;
}

async function save(dialog) {
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const browser = await launchChromium(executablePath);
/** @type {Record<string, import('playwright-core').Page>} */
const pages = {};
try {
  const adminContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
  const admin = await adminContext.newPage();
  pages.admin = admin;
  admin.setDefaultTimeout(TIMEOUT);
  logErrors(admin, 'admin');
  await signIn(admin, consoleUrl, config.email, config.password);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await admin.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();

  // The chat widget for the shop's site, its snippet copied; the email inbox.
  const channels = await adminPage(admin, 'Channels');
  let dialog = await add(admin, 'Add channel');
  await dialog.getByLabel('Type', { exact: true }).selectOption('chat');
  await dialog.getByLabel('Name', { exact: true }).fill('Shop chat');
  await dialog.getByLabel('Allowed sites').fill(SHOP);
  await dialog.getByLabel('Greeting').fill('Hi! How can we help?');
  await save(dialog);
  const created = admin.getByRole('region', { name: 'Channel Shop chat created' });
  await created.getByRole('button', { name: 'Copy widget snippet' }).click();
  await created.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
  const snippet = await admin.evaluate(() => navigator.clipboard.readText());
  if (!snippet.includes('/widget.js') || !snippet.includes('data-channel-id=')) throw new Error(`the snippet copied is "${snippet}"`);
  await created.getByRole('button', { name: 'Done, hide it' }).click();
  dialog = await add(admin, 'Add channel');
  await dialog.getByLabel('Type', { exact: true }).selectOption('email');
  await dialog.getByLabel('Name', { exact: true }).fill('Support mail');
  await dialog.getByLabel('Address').fill('support@shop.test');
  await save(dialog);
  await channels.getByRole('row', { name: /Support mail/ }).waitFor();
  const shown = admin.getByRole('button', { name: 'Done, hide it' });
  if (await shown.count()) await shown.click();
  step('CHANNELS');

  // Three agents: two answer chats, one supervises and answers mail.
  const agents = await adminPage(admin, 'Agents');
  for (const [name, email, role] of [['Bea Berg', 'bea@shop.test', 'Agent'], ['Cem Kaya', 'cem@shop.test', 'Agent'],
    ['Sue Park', 'sue@shop.test', 'Supervisor']]) {
    dialog = await add(admin, 'Add agent');
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Email', { exact: true }).fill(email);
    await dialog.getByLabel('Password', { exact: true }).fill(config.agentPassword);
    await dialog.getByLabel(role, { exact: true }).check();
    await save(dialog);
    await agents.getByRole('row', { name: new RegExp(name) }).waitFor();
  }
  step('AGENTS');

  // An SLA around the clock: a first answer within 15 minutes for normal priority, an hour for low.
  const policies = await adminPage(admin, 'SLA policies');
  dialog = await add(admin, 'Add SLA policy');
  await dialog.getByLabel('Name', { exact: true }).fill('Standard');
  await dialog.getByLabel('First response (Normal)').fill('15');
  await dialog.getByLabel('Resolution (Normal)').fill('8h');
  await dialog.getByLabel('First response (High)').fill('5');
  await save(dialog);
  await policies.getByRole('row', { name: /Standard/ }).waitFor();

  // Two queues: chats to Bea and Cem under the SLA, mail to Sue and Cem.
  const queues = await adminPage(admin, 'Queues');
  dialog = await add(admin, 'Add queue');
  await dialog.getByLabel('Name', { exact: true }).fill('Chat');
  await dialog.getByRole('group', { name: 'Channels' }).getByLabel('Shop chat (Website chat)').check();
  await dialog.getByLabel('Strategy').selectOption('leastLoaded');
  await dialog.getByLabel('SLA policy').selectOption({ label: 'Standard' });
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Bea Berg').check();
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Cem Kaya').check();
  await save(dialog);
  await queues.getByRole('row', { name: /Chat/ }).filter({ hasText: 'Bea Berg, Cem Kaya' }).waitFor();
  dialog = await add(admin, 'Add queue');
  await dialog.getByLabel('Name', { exact: true }).fill('Email');
  await dialog.getByRole('group', { name: 'Channels' }).getByLabel('Support mail (Email)').check();
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Sue Park').check();
  await dialog.getByRole('group', { name: 'Members' }).getByLabel('Cem Kaya').check();
  await save(dialog);
  await queues.getByRole('row', { name: /Email/ }).filter({ hasText: 'Sue Park' }).waitFor();
  step('QUEUES');

  // A rule: a customer who says "urgent" gets high priority (and the SLA's tighter first response).
  const rules = await adminPage(admin, 'Rules');
  dialog = await add(admin, 'Add rule');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Urgent words');
  const condition = (part) => dialog.getByRole(part === 'Value' ? 'textbox' : 'combobox',
    { name: `${part}, condition 1 (All of these conditions)`, exact: true });
  await condition('Field').selectOption('message.text');
  await condition('Operator').selectOption('contains');
  await condition('Value').fill('urgent');
  const action = dialog.getByRole('group', { name: 'Action 1' });
  await action.getByRole('combobox', { name: 'Type' }).selectOption('setPriority');
  await action.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await save(dialog);
  await rules.getByRole('row', { name: /Urgent words/ }).waitFor();
  await assertAccessible(admin, 'the rules page of the new site');
  await handoff('SET_UP');

  // Bea starts her shift: signing in the first time makes her Online.
  const beaContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  const bea = await beaContext.newPage();
  pages.bea = bea;
  bea.setDefaultTimeout(TIMEOUT);
  logErrors(bea, 'bea');
  await signIn(bea, consoleUrl, 'bea@shop.test', config.agentPassword);
  await bea.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Live' }).waitFor();
  step('BEA_ONLINE');

  // The shop's page carries the snippet the admin copied; a visitor writes.
  const put = await fetch(`${SHOP}/page`, { method: 'PUT', body: snippet });
  if (!put.ok) throw new Error(`the shop's page was not changed: ${put.status}`);
  const visitorContext = await browser.newContext({ locale: 'en-US' });
  const visitor = await visitorContext.newPage();
  pages.visitor = visitor;
  visitor.setDefaultTimeout(TIMEOUT);
  logErrors(visitor, 'visitor');
  await visitor.goto(`${SHOP}/`);
  const widget = visitor.locator('[data-omnihub-widget]');
  await widget.getByRole('button', { name: 'Chat with us' }).click();
  await widget.locator('textarea').fill('Hello, this is urgent: my order 1234 has not arrived.');
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  await widget.locator('.msg.inbound:not(.sending)', { hasText: 'order 1234' }).waitFor();
  step('VISITOR_WROTE');

  // The hub routed it to Bea (Cem is not signed in): it is in her Mine view; she opens it and answers.
  const row = bea.getByRole('list', { name: 'Conversations' }).getByRole('link').filter({ hasText: 'order 1234' });
  await row.waitFor();
  await row.click();
  const messages = bea.getByRole('log', { name: 'Messages' });
  await messages.getByRole('article', { name: /^System/ }).filter({ hasText: /Assigned to Bea Berg/ }).waitFor();
  await bea.getByRole('textbox', { name: 'Reply' }).fill('Sorry for the wait! Your parcel leaves today.');
  await bea.getByRole('button', { name: 'Send' }).click();
  await messages.getByRole('article', { name: /^Bea Berg \(agent\)/ }).filter({ hasText: 'leaves today' }).waitFor();
  await widget.locator('.msg', { hasText: 'Your parcel leaves today' }).waitFor();
  await assertAccessible(bea, "Bea's inbox on the new site");
  step('ANSWERED');
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
  if (process.env.OMNIHUB_BROWSER_SHOTS) {
    for (const [who, page] of Object.entries(pages)) {
      await page.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-first-run-${who}-failed.png` }).catch(() => {});
    }
  }
} finally {
  stopListening();
  await browser.close();
}
