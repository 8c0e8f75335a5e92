// The browser's half of AdminEditorsBrowserTest: an admin writes a rule, an article, a campaign and the
// privacy settings in the console, by roles and names (API.md "Console"), under the console's own
// Content-Security-Policy. Prints a line per step; where the test must check or act through the API it
// prints the step and waits for a line on standard input ("GO", or "GO <value>" handing over an id or figures).
//
//   node console-admin-editors.mjs <consoleUrl> <config json> <chromiumPath>
import { assertAccessible } from './axe.mjs';
import { launchChromium } from './chromium.mjs';
import { handoff, step, signIn } from './steps.mjs';
import { readFileSync } from 'node:fs';

const [consoleUrl, configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const TIMEOUT = 20_000;

/** Prints the step, waits for "GO" and returns what followed it on the line. */
function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await launchChromium(executablePath);
let page;
const problems = [];
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (message) => message.type() === 'error' && !/status of 4\d\d/.test(message.text()) && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('dialog', (dialog) => dialog.accept()); // the confirm() before a deletion or cancellation

  /** The field is marked invalid and described by an error text matching `pattern` (found through aria-describedby). */
  async function expectInvalid(field, pattern, what) {
    await field.and(page.locator('[aria-invalid="true"]')).waitFor();
    const description = await field.evaluate((element) => (element.getAttribute('aria-describedby') ?? '').split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    check(pattern.test(description), `${what}: the error described is "${description}"`);
  }

  await signIn(page, consoleUrl, config.email, config.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).waitFor();

  // Rules: the list in order, a rule written through the forms, refused first for a slow pattern and an
  // attribute without a name, each error beside its field.
  await page.goto(`${consoleUrl}#/admin/rules`);
  const rules = page.getByRole('table', { name: 'Rules' });
  await rules.getByRole('row', { name: /Greeting/ }).waitFor();
  await assertAccessible(page, 'rules');
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  const ruleDialog = page.getByRole('dialog', { name: 'Add rule' });
  await ruleDialog.waitFor();
  await ruleDialog.getByRole('textbox', { name: 'Name' }).fill('Refunds');
  // "Idle for" is asked only of a rule on idle conversations.
  const idleFor = ruleDialog.getByRole('textbox', { name: /Idle for/ });
  check((await idleFor.count()) === 0, 'idleFor is asked without conversation.idle');
  await ruleDialog.getByRole('checkbox', { name: 'Conversation idle' }).check();
  await idleFor.waitFor();
  await ruleDialog.getByRole('checkbox', { name: 'Conversation idle' }).uncheck();
  await idleFor.waitFor({ state: 'detached' });
  check(await ruleDialog.getByRole('checkbox', { name: 'Customer message' }).isChecked(), 'a new rule does not run on customer messages');
  const all = (part, dialog = ruleDialog) => dialog.getByRole(part === 'Value' ? 'textbox' : 'combobox',
    { name: `${part}, condition 1 (All of these conditions)`, exact: true });
  await all('Field').selectOption('message.text');
  await all('Operator').selectOption('matches');
  await all('Value').fill('(a+)+$');
  const action1 = ruleDialog.getByRole('group', { name: 'Action 1' });
  await action1.getByRole('combobox', { name: 'Type' }).selectOption('setPriority');
  await action1.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await ruleDialog.getByRole('button', { name: 'Add action' }).click();
  const action2 = ruleDialog.getByRole('group', { name: 'Action 2' });
  await action2.getByRole('combobox', { name: 'Type' }).selectOption('addTags');
  await action2.getByRole('textbox', { name: /Tags/ }).fill('refund, no spaces please');
  await ruleDialog.getByRole('button', { name: 'Add condition to “Any of these conditions”' }).click();
  const any = (part) => ruleDialog.getByRole(part === 'Field' || part === 'Operator' ? 'combobox' : 'textbox',
    { name: `${part}, condition 1 (Any of these conditions)`, exact: true });
  await any('Field').selectOption('customer.attributes.');
  await any('Operator').selectOption('exists');
  await ruleDialog.getByRole('button', { name: 'Save' }).click();
  await expectInvalid(all('Value'), /backtrack|repeat/, 'a slow pattern');
  await assertAccessible(page, 'the rule dialog with an error');
  await all('Operator').selectOption('contains');
  await all('Value').fill('refund');
  await ruleDialog.getByRole('button', { name: 'Save' }).click();
  await expectInvalid(any('Attribute name'), /unknown field/, 'an attribute without a name');
  await ruleDialog.getByRole('button', { name: 'Remove condition 1 (Any of these conditions)' }).click();
  await ruleDialog.getByRole('button', { name: 'Save' }).click();
  // The API names the list's item (actions[1].tags[1]); the error stands beside the action's Tags field.
  await expectInvalid(action2.getByRole('textbox', { name: /Tags/ }), /tag/, 'a tag with spaces');
  await action2.getByRole('textbox', { name: /Tags/ }).fill('refund, money');
  await ruleDialog.getByRole('button', { name: 'Save' }).click();
  await ruleDialog.waitFor({ state: 'hidden' });
  await rules.getByRole('row', { name: /Refunds/ }).waitFor();
  const conversationId = await handoff('RULE_CREATED');

  // Reordering: Refunds moves above Greeting.
  await page.getByRole('button', { name: 'Move Refunds up' }).click();
  await page.waitForFunction(() => /Refunds/.test(document.querySelectorAll('table tbody tr')[0]?.textContent ?? ''));
  // Switched off from its row.
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/rules/') && r.request().method() === 'PATCH' && r.ok()),
    page.getByRole('checkbox', { name: 'Greeting enabled' }).uncheck()]);
  check(!(await page.getByRole('checkbox', { name: 'Greeting enabled' }).isChecked()), 'the switch went back on');
  await handoff('MOVED');

  // The dry run on the conversation the test made: it matches and names the actions it would take.
  await page.getByRole('button', { name: 'Test rule Refunds' }).click();
  const trial = page.getByRole('dialog', { name: 'Test rule' });
  await trial.waitFor();
  await trial.getByRole('combobox', { name: 'Conversation' }).fill(conversationId);
  await trial.getByRole('button', { name: 'Run test' }).click();
  const outcome = trial.getByRole('status', { name: 'Test result' });
  await outcome.getByText('Matches', { exact: true }).waitFor();
  const said = await outcome.textContent();
  check(/Set priority[^]*high/.test(said) && /Add tags[^]*refund, money/.test(said), `the dry run's actions: ${said}`);
  await assertAccessible(page, 'the dry run');
  await trial.getByRole('button', { name: 'Close' }).click();
  // Editing shows what was saved.
  await page.getByRole('button', { name: 'Edit Refunds' }).click();
  const editDialog = page.getByRole('dialog', { name: 'Edit rule' });
  await editDialog.waitFor();
  check((await all('Value', editDialog).inputValue()) === 'refund', 'the edit dialog does not show the condition');
  check((await editDialog.getByRole('group', { name: 'Action 2' }).getByRole('textbox', { name: /Tags/ }).inputValue()) === 'refund, money',
    'the edit dialog does not show the tags');
  // An edit saved (PATCH of the whole definition): Refunds now stops the rules after it; Greeting is deleted.
  await editDialog.getByRole('checkbox', { name: 'Stop the rules after this one when it acts' }).check();
  await editDialog.getByRole('button', { name: 'Save' }).click();
  await editDialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Delete Greeting' }).click();
  await rules.getByRole('row', { name: /Greeting/ }).waitFor({ state: 'detached' });
  step('DRY_RUN');

  // Knowledge base: an article in Markdown previewed safely, refused without a title, saved, published.
  await page.goto(`${consoleUrl}#/admin/knowledge-base`);
  const articles = page.getByRole('table', { name: 'Knowledge base' });
  await articles.waitFor();
  await assertAccessible(page, 'knowledge base');
  await page.getByRole('button', { name: 'Add article' }).click();
  const articleDialog = page.getByRole('dialog', { name: 'Add article' });
  await articleDialog.waitFor();
  const markdown = ['## How refunds work', '', 'Send the **receipt** and we pay back in *five* days.', '', '- Fill in [the refund form](https://shop.example/refund)',
    '- Wait for the mail', '- Never [click this](javascript:window.__xss=2)', '', config.hostile].join('\n');
  await articleDialog.getByRole('textbox', { name: 'Body (Markdown)' }).fill(markdown);
  // The hub's rendering, the one readers get, in a sandbox without scripts.
  const preview = articleDialog.getByRole('region', { name: 'Preview' }).locator('iframe[sandbox=""]').contentFrame();
  await preview.getByRole('heading', { name: 'How refunds work' }).waitFor();
  check((await preview.getByRole('listitem').count()) === 3, 'the preview does not show the list');
  check((await preview.getByRole('link', { name: 'the refund form' }).getAttribute('href')) === 'https://shop.example/refund', 'the link');
  check((await preview.getByRole('link').count()) === 1, 'a javascript: link was made a link');
  check((await preview.locator('strong').textContent()) === 'receipt', 'bold');
  await preview.getByText(config.hostile, { exact: true }).waitFor(); // the markup shown as the characters typed
  check((await preview.locator('img, script').count()) === 0, 'the preview made an element of the typed markup');
  check(!(await page.evaluate(() => window.__xss)), 'the typed markup ran');
  await articleDialog.getByRole('button', { name: 'Save' }).click();
  await expectInvalid(articleDialog.getByRole('textbox', { name: 'Title' }), /title/, 'an article without a title');
  await assertAccessible(page, 'the article dialog with an error');
  await articleDialog.getByRole('textbox', { name: 'Title' }).fill('Refund policy');
  await articleDialog.getByRole('textbox', { name: 'Tags' }).fill('billing, refunds');
  await articleDialog.getByRole('button', { name: 'Save' }).click();
  await articleDialog.waitFor({ state: 'hidden' });
  await articles.getByRole('row', { name: /Refund policy.*Draft/ }).waitFor();
  await page.getByRole('button', { name: 'Publish Refund policy' }).click();
  await articles.getByRole('row', { name: /Refund policy.*Published/ }).waitFor();
  await handoff('ARTICLE_PUBLISHED');

  await page.getByRole('button', { name: 'Versions of Refund policy' }).click();
  const versions = page.getByRole('dialog', { name: 'Versions of Refund policy' });
  await versions.getByRole('button', { name: 'Restore version 1' }).waitFor();
  check((await versions.getByRole('row').count()) === 3, 'two versions are not listed');
  await versions.getByRole('button', { name: 'Close' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export articles (JSON)' }).click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  check(/\.json$/.test(download.suggestedFilename()), `the export's file name: ${download.suggestedFilename()}`);
  check(exported.articles.some((a) => a.title === 'Refund policy' && a.status === 'published' && a.body === markdown), 'the export lacks the article');
  // A version restored comes back as the newest (version 1 was the draft); an import adds what it lacks.
  await page.getByRole('button', { name: 'Versions of Refund policy' }).click();
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await versions.waitFor({ state: 'hidden' });
  await articles.getByRole('row', { name: /Refund policy.*Draft/ }).waitFor();
  await page.getByLabel('Import articles (JSON or zip)').setInputFiles({ name: 'articles.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ articles: [{ title: 'Delivery times', body: 'Two to three days.', locale: 'en', tags: [], status: 'published' }] })) });
  await page.getByRole('status').filter({ hasText: 'Imported: 1 new, 0 updated, 0 unchanged.' }).waitFor();
  await articles.getByRole('row', { name: /Delivery times.*Published/ }).waitFor();
  await page.getByLabel('Import articles (JSON or zip)').setInputFiles({ name: 'broken.json', mimeType: 'application/json',
    buffer: Buffer.from('{"articles": [{"title": ""}]}') });
  await page.getByRole('alert').filter({ hasText: /title/ }).waitFor();
  step('EXPORTED');

  // Campaigns: refused without an audience (the error beside it), created, its figures refreshed on demand.
  await page.goto(`${consoleUrl}#/admin/campaigns`);
  const campaigns = page.getByRole('table', { name: 'Campaigns' });
  await campaigns.waitFor();
  await assertAccessible(page, 'campaigns');
  await page.getByRole('button', { name: 'Add campaign' }).click();
  const campaignDialog = page.getByRole('dialog', { name: 'Add campaign' });
  await campaignDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring news');
  await campaignDialog.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'App (API)' });
  await campaignDialog.getByRole('combobox', { name: 'Purpose' }).selectOption('service');
  await campaignDialog.getByRole('textbox', { name: 'Text', exact: true }).fill('Hello {{customer.firstName}}, spring is here.');
  await campaignDialog.getByRole('button', { name: 'Save' }).click();
  await expectInvalid(campaignDialog.getByRole('textbox', { name: /Customer tags/ }), /audience/, 'a campaign without an audience');
  await assertAccessible(page, 'the campaign dialog with an error');
  await campaignDialog.getByRole('textbox', { name: /Customer tags/ }).fill('vip');
  await campaignDialog.getByRole('button', { name: 'Save' }).click();
  await campaignDialog.waitFor({ state: 'hidden' });
  await campaigns.getByRole('row', { name: /Spring news/ }).waitFor();
  // A campaign for later, cancelled before it starts.
  await page.getByRole('button', { name: 'Add campaign' }).click();
  await campaignDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Summer sale');
  await campaignDialog.getByRole('combobox', { name: 'Purpose' }).selectOption('marketing');
  await campaignDialog.getByRole('textbox', { name: /Customer tags/ }).fill('vip');
  await campaignDialog.getByRole('textbox', { name: 'Text', exact: true }).fill('Summer sale: 20 % off.');
  await campaignDialog.getByLabel('Send at').fill('2030-06-01T09:00');
  await campaignDialog.getByRole('spinbutton', { name: 'Messages per minute' }).fill('60');
  await campaignDialog.getByRole('button', { name: 'Save' }).click();
  await campaignDialog.waitFor({ state: 'hidden' });
  await campaigns.getByRole('row', { name: /Summer sale.*Scheduled/ }).waitFor();
  await page.getByRole('button', { name: 'Cancel campaign Summer sale' }).click();
  await campaigns.getByRole('row', { name: /Summer sale.*Cancelled/ }).waitFor();
  const counts = JSON.parse(await handoff('CAMPAIGN_CREATED'));
  await page.getByRole('button', { name: 'Refresh counts' }).click();
  const row = campaigns.getByRole('row', { name: /Spring news/ });
  await row.getByRole('cell', { name: 'Done', exact: true }).waitFor();
  const headers = await campaigns.getByRole('columnheader').allTextContents();
  const cells = await row.locator('th, td').allTextContents();
  const shown = (header) => cells[headers.findIndex((h) => h.trim() === header)]?.trim();
  for (const [header, key] of [['Targeted', 'targeted'], ['Sent', 'sent'], ['Skipped: no address', 'skippedNoAddress'], ['Replied', 'replied']]) {
    check(shown(header) === String(counts[key]), `${header}: shown ${shown(header)}, the API says ${counts[key]}`);
  }
  step('CAMPAIGN_COUNTED');

  // Privacy: a bad attribute name refused beside the field; saved and read back after a reload.
  await page.goto(`${consoleUrl}#/admin/privacy`);
  await page.getByRole('heading', { name: 'Privacy' }).waitFor();
  await assertAccessible(page, 'privacy');
  const attributes = page.getByRole('textbox', { name: 'Sensitive customer attributes' });
  await attributes.fill('passport, tax id');
  await page.getByRole('button', { name: 'Save' }).click();
  await expectInvalid(attributes, /attribute name/, 'a bad attribute name');
  await assertAccessible(page, 'privacy with an error');
  await attributes.fill('passport, taxId');
  await page.getByRole('combobox', { name: 'Shown in clear to' }).selectOption('admin');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Privacy settings saved.' }).waitFor();
  check((await attributes.getAttribute('aria-invalid')) !== 'true', 'the field is still marked invalid after saving');
  await handoff('PRIVACY_SAVED');
  await page.reload();
  await page.getByRole('heading', { name: 'Privacy' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#privacy-attributes')?.value === 'passport, taxId');
  check((await page.getByRole('combobox', { name: 'Shown in clear to' }).inputValue()) === 'admin', 'the role was not read back');

  // Chinese: the same page in the other catalogue.
  await page.goto(`${consoleUrl.replace(/\/$/, '/')}?lang=zh#/admin/rules`);
  await page.getByRole('table', { name: '规则' }).getByRole('row', { name: /Refunds/ }).waitFor();
  await page.getByRole('button', { name: '添加规则' }).waitFor();

  check(!(await page.evaluate(() => window.__xss)), 'hostile markup ran somewhere');
  check(problems.length === 0, `the page reported errors: ${problems.join(' | ')}`);
  step('DONE');
} catch (error) {
  if (page && process.env.OMNIHUB_BROWSER_SHOTS) {
    await page.screenshot({ path: `${process.env.OMNIHUB_BROWSER_SHOTS}/console-admin-editors.png`, fullPage: true }).catch(() => {});
  }
  process.stderr.write(`${error.stack ?? error}\n${problems.length ? `page errors: ${problems.join(' | ')}\n` : ''}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit();
}
