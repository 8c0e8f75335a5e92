// The visitor's half of WidgetBrowserTest's language test: the widget speaks Chinese on a page with
// <html lang="zh-CN"> (checked by accessible names, its root's lang, a time by the zh-CN locale, the
// survey card; axe-core finds nothing serious in any state), English on a page in another language,
// English on a Chinese page whose channel says "en", and the browser's language on a page with no
// lang. Prints one line per step reached; exits non-zero on failure.
//
//   node widget-language.mjs <siteOrigin> <autoChannelId> <englishChannelId> <chromiumPath>
import { launchChromium } from './chromium.mjs';
import { accessible, STEP_TIMEOUT, step } from './widget-checks.mjs';

const [site, autoChannel, englishChannel, executablePath] = process.argv.slice(2);

const browser = await launchChromium(executablePath);

/** A new visitor (a context of their own: no token) with this browser language on the shop's page. */
async function visit(locale, channel, lang) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.on('console', (message) => process.stderr.write(`[page ${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error}\n`));
  await page.goto(`${site}/?channel=${channel}` + (lang ? `&lang=${encodeURIComponent(lang)}` : ''));
  return { context, page, widget: page.locator('[data-omnihub-widget]') };
}

async function expectLang(widget, expected) {
  const lang = await widget.getAttribute('lang');
  if (lang !== expected) {
    throw new Error(`the widget declares lang=${lang}, not ${expected}`);
  }
}

/** Opens the chat and waits for the status line to say so in the expected words. */
async function open(widget, launcherName, online) {
  await widget.getByRole('button', { name: launcherName }).click({ timeout: STEP_TIMEOUT });
  await widget.locator('.status', { hasText: online }).waitFor({ timeout: STEP_TIMEOUT });
}

try {
  // A Chinese page, an English browser: the page's lang decides.
  const chinese = await visit('en-US', autoChannel, 'zh-CN');
  const widget = chinese.widget;
  await widget.getByRole('button', { name: '在线咨询' }).waitFor({ timeout: STEP_TIMEOUT });
  await expectLang(widget, 'zh-CN');
  await accessible(chinese.page, 'the closed launcher in Chinese');
  await open(widget, '在线咨询', '在线');
  await widget.getByRole('button', { name: '发送', exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  const attach = widget.getByRole('button', { name: '添加附件' });
  if (await attach.locator('svg[aria-hidden="true"]').count() !== 1) {
    throw new Error('the attach button has no SVG icon');
  }
  const box = widget.getByRole('textbox', { name: '消息' });
  if (await box.getAttribute('placeholder') !== '请输入消息') {
    throw new Error('the message box says ' + await box.getAttribute('placeholder'));
  }
  await accessible(chinese.page, 'the open widget in Chinese');
  await box.fill('你好，我的包裹在哪里？');
  await box.press('Enter');
  const sent = widget.locator('.msg.inbound:not(.sending)', { hasText: '你好，我的包裹在哪里？' });
  await sent.waitFor({ timeout: STEP_TIMEOUT });
  // The time is written the zh-CN way.
  const time = sent.locator('.meta time');
  const expected = await time.evaluate((element) => new Intl.DateTimeFormat('zh-CN', { hour: 'numeric', minute: '2-digit' })
    .format(new Date(element.dateTime)));
  if (await time.textContent() !== expected) {
    throw new Error(`the time reads ${await time.textContent()}, not ${expected}`);
  }
  step('ZH_SENT');

  // The agent answers and resolves: the reply as written, the survey card in Chinese.
  await widget.locator('.msg.outbound', { hasText: '您好！包裹明天送到。' }).waitFor({ timeout: STEP_TIMEOUT });
  await accessible(chinese.page, 'the widget with messages in Chinese');
  const survey = widget.getByRole('form', { name: '为本次咨询评分' });
  await survey.waitFor({ timeout: STEP_TIMEOUT });
  await survey.getByText('您对我们的帮助满意吗？').waitFor({ timeout: STEP_TIMEOUT });
  await accessible(chinese.page, 'the survey card in Chinese');
  await survey.getByRole('button', { name: '5 分（满分 5 分）：非常好' }).click();
  await survey.getByRole('textbox', { name: '评论（可选）' }).fill('很快');
  await survey.getByRole('button', { name: '提交评分' }).click();
  await widget.getByRole('status').filter({ hasText: '感谢您的评分！' }).waitFor({ timeout: STEP_TIMEOUT });
  await accessible(chinese.page, 'the rated survey in Chinese');
  await chinese.context.close();
  step('ZH_RATED');

  // A German page in a Chinese browser: the page's lang decides, and the widget has no German: English.
  const german = await visit('zh-CN', autoChannel, 'de');
  await open(german.widget, 'Chat with us', 'Online');
  await german.widget.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  await expectLang(german.widget, 'en');
  await german.context.close();
  step('EN');

  // A Chinese page on a channel set to English: the channel decides.
  const overridden = await visit('zh-CN', englishChannel, 'zh-CN');
  await overridden.widget.locator('.launcher').click();
  await overridden.widget.locator('.status', { hasText: 'Online' }).waitFor({ timeout: STEP_TIMEOUT });
  await overridden.widget.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  await overridden.widget.getByRole('button', { name: 'Chat with us' }).waitFor({ timeout: STEP_TIMEOUT });
  await expectLang(overridden.widget, 'en');
  await accessible(overridden.page, 'the open widget in English on a Chinese page');
  await overridden.context.close();
  step('OVERRIDE');

  // A page with no lang: the browser's languages decide.
  const unsaid = await visit('zh-CN', autoChannel, null);
  await unsaid.widget.getByRole('button', { name: '在线咨询' }).waitFor({ timeout: STEP_TIMEOUT });
  await open(unsaid.widget, '在线咨询', '在线');
  await unsaid.widget.getByRole('button', { name: '发送', exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  await unsaid.context.close();
  step('BROWSER');
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exitCode = 1;
} finally {
  await browser.close();
}
