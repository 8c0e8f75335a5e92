// The customer's half of CsatPageBrowserTest: Debian's Chromium, driven by playwright-core, opens a
// survey's page as a phone would, checks it with axe-core, rates through the roles and names a person
// uses, and checks the thanks. Prints one line per step; exits non-zero on failure.
//
//   node csat-page.mjs <surveyUrl> <chromiumPath>
import { launchChromium } from './chromium.mjs';
import { assertAccessible } from './axe.mjs';

const [surveyUrl, executablePath] = process.argv.slice(2);
const TIMEOUT = 20_000;

function step(name) {
  process.stdout.write(name + '\n');
}

/** The survey page must be free of every axe-core violation, not only the serious ones. */
function accessible(page, what) {
  return assertAccessible(page, what, { failOn: 'any' });
}

const browser = await launchChromium(executablePath);
try {
  // A phone's screen; the page's own policy allows no script, so axe is let in by the test's browser alone.
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, bypassCSP: true,
    locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error}\n`));

  await page.goto(surveyUrl);
  await page.getByRole('heading', { name: '我们的服务怎么样？' }).waitFor({ timeout: TIMEOUT });
  await accessible(page, 'the survey in Chinese');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (wide) {
    throw new Error('the page is wider than a phone');
  }
  step('SHOWN');

  await page.goto(surveyUrl + (surveyUrl.includes('?') ? '&' : '?') + 'lang=en');
  const group = page.getByRole('group', { name: 'How was our help? <b>really</b>' });
  await group.getByRole('radio', { name: '4 – Good' }).check({ timeout: TIMEOUT });
  await page.getByRole('textbox', { name: 'Anything you want to tell us? (optional)' })
    .fill('"><script>alert(1)</script> 很好 & quick');
  await accessible(page, 'the survey, filled in');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor({ timeout: TIMEOUT });
  await accessible(page, 'the thanks');
  step('RATED');
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exitCode = 1;
} finally {
  await browser.close();
}
