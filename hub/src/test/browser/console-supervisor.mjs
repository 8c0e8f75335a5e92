// The browser's half of SupervisorBoardBrowserTest: a supervisor's board, by roles and names (API.md
// "Console", Supervisor), under the console's own Content-Security-Policy. Prints a line per step; where
// the test must act (a customer writes, an agent comes online, an SLA runs out) it prints AWAITING_* and
// waits for GO on standard input.
//
//   node console-supervisor.mjs <consoleUrl> <config json> <chromiumPath>
import { assertAccessible } from './axe.mjs';
import { launchChromium } from './chromium.mjs';
import { expectNoPageErrors, handoff, step, watchErrors } from './steps.mjs';
import { readFileSync } from 'node:fs';

const [consoleUrl, configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const LIVE_MS = 2_000; // the contract: what happens elsewhere shows within 2 s
const TIMEOUT = 20_000;
const CSV_HEADER = 'key,conversations,resolved,reopened,firstResponseSeconds.avg,firstResponseSeconds.p50,firstResponseSeconds.p90,'
  + 'resolutionSeconds.avg,resolutionSeconds.p50,resolutionSeconds.p90,csat.responses,csat.average,csat.satisfiedPercent,slaMetPercent,'
  + 'messagesIn,messagesOut';

/** The cell of `table` in the row headed `rowName` and the column headed `column` (both exact). */
async function cell(table, rowName, column) {
  await table.getByRole('columnheader').first().waitFor(); // the board's module may still be loading
  const headers = (await table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(column);
  if (index < 1) throw new Error(`no column ${column} after the row header in ${JSON.stringify(headers)}`);
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: rowName, exact: true }) });
  return row.getByRole('cell').nth(index - 1);
}

/** Waits until the cell reads `expected` (text or a pattern), failing after `timeout` ms with what it read. */
async function reads(table, rowName, column, expected, timeout = TIMEOUT) {
  const target = await cell(table, rowName, column);
  const deadline = Date.now() + timeout;
  let text = null;
  while (Date.now() < deadline) {
    text = (await target.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null))?.replace(/\s+/g, ' ').trim();
    if (text !== null && (expected instanceof RegExp ? expected.test(text) : text === expected)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${rowName} / ${column} read ${JSON.stringify(text)}, not ${expected}, after ${timeout} ms`);
}

const browser = await launchChromium(executablePath);
let page;
const problems = [];
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watchErrors(page, problems);
  await page.goto(consoleUrl);

  // Sign in, then the board through the main navigation.
  await page.getByRole('textbox', { name: 'Email' }).fill(config.email);
  await page.getByLabel('Password').fill(config.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervisor' }).click();
  await page.getByRole('heading', { name: 'Supervisor', level: 1 }).waitFor();
  await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Live' }).waitFor();

  const queues = page.getByRole('table', { name: 'Queues' });
  const agents = page.getByRole('table', { name: 'Agents' });
  const headers = (await queues.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  for (const column of ['Queue', 'Waiting', 'Longest wait', 'SLA at risk', 'Agents online']) {
    if (!headers.includes(column)) throw new Error(`table "Queues" has no column ${column}: ${JSON.stringify(headers)}`);
  }
  const agentHeaders = (await agents.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  for (const column of ['Agent', 'Presence', 'Open conversations', 'Capacity']) {
    if (!agentHeaders.includes(column)) throw new Error(`table "Agents" has no column ${column}: ${JSON.stringify(agentHeaders)}`);
  }
  await reads(queues, 'Billing', 'Waiting', '2');
  await reads(queues, 'Billing', 'Agents online', '0');
  await reads(queues, 'Billing', 'Longest wait', /^\d+ s$|^\d+ min \d+ s$/);
  await reads(queues, config.hostileQueue, 'Waiting', '0');
  await reads(agents, 'Bea Berg', 'Presence', 'Offline');
  await reads(agents, 'Bea Berg', 'Open conversations', '0');
  await reads(agents, 'Bea Berg', 'Capacity', /API 0\/5/);
  await reads(agents, config.hostileAgent, 'Presence', 'Offline');
  const risk = page.getByRole('table', { name: 'Tickets at risk' });
  await risk.getByRole('link', { name: `Ticket #${config.ticket}` }).waitFor();
  if (await risk.getByRole('link', { name: `Ticket #${config.ticket}` }).getAttribute('href') === null) throw new Error('the ticket links nowhere');
  step('BOARD');

  // A customer lands in Billing with nobody online: Waiting goes up live. The inbox is not on screen, so
  // the page fetches no conversation or customer to place a row in it.
  const placed = [];
  const watchPlacing = (request) => /^\/api\/v1\/(conversations|customers)\/[^/]+$/.test(new URL(request.url()).pathname) && placed.push(request.url());
  page.on('request', watchPlacing);
  await handoff('AWAITING_CUSTOMER');
  await reads(queues, 'Billing', 'Waiting', '3', LIVE_MS);
  // Cai asked for a refund: the rule's notice is an alert that opens her conversation.
  const notice = page.getByRole('region', { name: 'Alerts' }).getByRole('listitem').filter({ hasText: 'Rule: A refund was asked for' });
  await notice.waitFor({ timeout: LIVE_MS });
  await notice.getByRole('link', { name: 'Open conversation' }).waitFor();
  await page.waitForTimeout(1_000);
  page.off('request', watchPlacing);
  if (placed.length) throw new Error(`the board's page fetched rows for the hidden inbox: ${placed}`);
  step('WAITING_LIVE');

  // The connection drops; a customer writes meanwhile; after the reconnect the board has it, unreloaded.
  await page.evaluate(() => { window.__notReloaded = true; });
  const connection = page.getByRole('status', { name: 'Connection' });
  await handoff('AWAITING_DROP');
  await connection.filter({ hasText: /Reconnecting…|Offline/ }).waitFor();
  await handoff('SEEN_DOWN');
  await connection.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
  await reads(queues, 'Billing', 'Waiting', '4', 5_000);
  if (!(await page.evaluate(() => window.__notReloaded))) throw new Error('the page was reloaded');
  step('RESUMED');

  // Bea's socket opens: she is Online at once, and the four waiting conversations go to her.
  await handoff('AWAITING_AGENT');
  await reads(agents, 'Bea Berg', 'Presence', 'Online', LIVE_MS);
  await reads(queues, 'Billing', 'Agents online', '1', LIVE_MS);
  await reads(queues, 'Billing', 'Waiting', '0', 5_000);
  await reads(agents, 'Bea Berg', 'Open conversations', '4', 5_000);
  await reads(agents, 'Bea Berg', 'Capacity', /API 4\/5/);
  step('AGENT_LIVE');

  // The supervisor sets Bea away from the board.
  const beaPresence = agents.getByRole('combobox', { name: 'Presence of Bea Berg', exact: true });
  await Promise.all([page.waitForResponse((r) => r.url().includes('/presence') && r.request().method() === 'PUT' && r.ok()),
    beaPresence.selectOption('away')]);
  await reads(agents, 'Bea Berg', 'Presence', 'Away', LIVE_MS);
  step('PRESENCE_SET');

  // Billing's members: Hal added through the dialog.
  await queues.getByRole('button', { name: 'Members of Billing', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Members of Billing' });
  await dialog.waitFor();
  if (!await dialog.getByRole('checkbox', { name: 'Bea Berg' }).isChecked()) throw new Error('Bea is not shown as a member of Billing');
  if (await dialog.getByRole('checkbox', { name: config.hostileAgent }).isChecked()) throw new Error('Hal is shown as a member already');
  await assertAccessible(page, 'the members dialog');
  await dialog.getByRole('checkbox', { name: config.hostileAgent }).check();
  await Promise.all([page.waitForResponse((r) => r.url().includes('/agents') && r.request().method() === 'PUT' && r.ok()),
    dialog.getByRole('button', { name: 'Save' }).click()]);
  await dialog.waitFor({ state: 'hidden' });
  step('MEMBERS_SET');

  // Ana's ticket (and conversation) to Hal.
  const reassign = risk.getByRole('combobox', { name: `Reassign ticket #${config.ticket}` });
  await Promise.all([page.waitForResponse((r) => /\/api\/v1\/tickets\/\d+$/.test(r.url()) && r.request().method() === 'PATCH' && r.ok()),
    reassign.selectOption({ label: config.hostileAgent })]);
  step('REASSIGNED');

  // An SLA running out: its warning, then its breach, in the Alerts region, newest first; the fast
  // ticket heads the tickets at risk.
  const alerts = page.getByRole('region', { name: 'Alerts' });
  await handoff('AWAITING_SLA');
  await alerts.getByRole('listitem').filter({ hasText: /SLA warning: First response for Ticket #\d+/ }).waitFor();
  await alerts.getByRole('listitem').filter({ hasText: /SLA breached: First response for Ticket #\d+/ }).waitFor();
  const firstAlert = await alerts.getByRole('listitem').first().textContent();
  if (!/SLA breached/.test(firstAlert)) throw new Error(`the newest alert is not first: ${firstAlert}`);
  const breachedTicket = /Ticket #(\d+)/.exec(firstAlert)[1];
  // The tickets fetched again after the breach record it too: still one alert for it, not two.
  await risk.getByRole('row').filter({ hasText: `#${breachedTicket}` }).filter({ hasText: 'overdue' }).waitFor();
  const breachAlerts = await alerts.getByRole('listitem').filter({ hasText: `SLA breached: First response for Ticket #${breachedTicket}` }).count();
  if (breachAlerts !== 1) throw new Error(`${breachAlerts} breach alerts for ticket #${breachedTicket}`);
  await alerts.getByRole('link', { name: 'Open conversation' }).first().waitFor();
  const firstTicket = await risk.getByRole('rowheader').first().textContent();
  if (firstTicket.includes(`#${config.ticket}`)) throw new Error(`the ticket due soonest is not first: ${firstTicket}`);
  step('ALERTS_LIVE');

  // Reports: the last 7 days by day (Ana, Ben, Cai and Dan wrote today), then by agent, charts whose text
  // alternatives give the figures.
  const reports = page.getByRole('region', { name: 'Reports' });
  const today = await page.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  });
  if ((await reports.getByLabel('To', { exact: true }).inputValue()) !== today) throw new Error('the range does not end today');
  const chartImage = (title) => reports.getByRole('figure', { name: title, exact: true }).getByRole('img');
  await reports.getByRole('combobox', { name: 'Group by' }).selectOption('day'); // fresh figures, after everything above
  await page.waitForFunction(() => document.querySelector('section.reports')?.getAttribute('aria-busy') === 'false');
  const conversationsText = await chartImage('Conversations').getAttribute('aria-label');
  if (!new RegExp(`^Conversations: .*${today} 4\\b`).test(conversationsText)) throw new Error(`conversations chart: ${conversationsText}`);
  const firstResponse = await chartImage('First response (median)').getAttribute('aria-label');
  if (!new RegExp(`${today} \\d+ (s|min)`).test(firstResponse)) throw new Error(`first response chart: ${firstResponse}`);
  for (const title of ['Resolution time (median)', 'CSAT average (1–5)', 'SLA met']) {
    const text = await chartImage(title).getAttribute('aria-label');
    if (!text.startsWith(`${title}: `) || !text.includes(`${today} `)) throw new Error(`${title} chart: ${text}`);
  }
  await Promise.all([page.waitForResponse((r) => r.url().includes('groupBy=agent') && r.ok()),
    reports.getByRole('combobox', { name: 'Group by' }).selectOption('agent')]);
  await page.waitForFunction(() => /Bea Berg \d/.test(document.querySelector('figure.chart svg')?.getAttribute('aria-label') ?? ''));
  await assertAccessible(page, 'the reports', { include: 'section.reports' });
  step('REPORTS');

  const [download] = await Promise.all([page.waitForEvent('download'), reports.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  if (csv.split(/\r?\n/)[0] !== CSV_HEADER) throw new Error(`the CSV starts ${JSON.stringify(csv.slice(0, 200))}`);
  if (!/\.csv$/.test(download.suggestedFilename())) throw new Error(`the file is called ${download.suggestedFilename()}`);
  step('CSV');

  const injected = await page.evaluate(() => ({ xss: window.__xss, images: document.querySelectorAll('main img, main script').length }));
  if (injected.xss || injected.images) throw new Error(`hostile names ran or became markup: ${JSON.stringify(injected)}`);
  await reads(queues, config.hostileQueue, 'Agents online', '0');
  step('HOSTILE_INERT');

  if (process.env.OMNIHUB_BROWSER_SHOTS) await page.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-supervisor.png`, fullPage: true });
  await assertAccessible(page, 'the supervisor board');
  step('ACCESSIBLE');

  // Back in the inbox, the list held while the board was shown is loaded again.
  const listed = page.waitForRequest((request) => /\/api\/v1\/conversations\?/.test(request.url()));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await listed;
  await page.getByRole('list', { name: 'Conversations' }).waitFor();
  step('INBOX_RELOADED');

  // In Chinese: the board's tables and regions by their Chinese names.
  const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
  const zh = await zhContext.newPage();
  zh.setDefaultTimeout(TIMEOUT);
  await zh.goto(consoleUrl);
  await zh.getByRole('textbox', { name: '电子邮箱' }).fill(config.email);
  await zh.getByLabel('密码').fill(config.password);
  await zh.getByRole('button', { name: '登录' }).click();
  await zh.getByRole('heading', { name: '收件箱', level: 1 }).waitFor();
  await zh.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '主管' }).click();
  const zhQueues = zh.getByRole('table', { name: '队列', exact: true });
  await reads(zhQueues, 'Billing', '等待中', /^\d+$/);
  await zh.getByRole('table', { name: '坐席', exact: true }).getByRole('rowheader', { name: 'Bea Berg' }).waitFor();
  // A board opened after the breach lists it too (from the ticket's recorded breaches).
  await zh.getByRole('region', { name: '提醒' }).getByRole('listitem').filter({ hasText: `#${breachedTicket}` }).waitFor();
  await zh.getByRole('region', { name: '报表' }).getByRole('button', { name: '下载 CSV' }).waitFor();
  await assertAccessible(zh, 'the board in Chinese');
  step('CHINESE');

  expectNoPageErrors(problems);
} catch (error) {
  process.stderr.write(`${error && error.stack || error}\npage errors: ${JSON.stringify(problems)}\n`);
  process.exitCode = 1;
  if (process.env.OMNIHUB_BROWSER_SHOTS) await page?.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-supervisor-failed.png`, fullPage: true });
} finally {
  await browser.close();
  process.exit();
}
