// The browser's half of ConsoleBench (./omnihub bench --console): the agent console in Debian's Chromium
// on a hub loaded with a big inbox, measured inside the page with the Performance API. Each page load
// is a fresh browser context (an empty cache, no session): the sign-in form, sign-in, the list's
// first rows and their customers' names, the long thread opened and one earlier page loaded, then a
// reload with the session cookie and the cache warm. After the last load it takes the screenshot,
// prints AWAITING_EVENTS and records every long task while the bench sends customers' messages, until
// it reads GO on standard input (OMNIHUB_CONSOLE_TRACE=<file> also writes a Chrome trace of that window).
// Prints one line per result, a word and a JSON object:
//
//   LOAD {...}         one page load's figures (milliseconds from the page's own clock)
//   SCRIPTS {...}      the JavaScript the page loaded, by URL, with its decoded size
//   AWAITING_EVENTS    the page is ready: send the events, then write GO
//   LIVE {...}         the long tasks and rows after the events, and when each event's text showed
//
//   node console-bench.mjs <config json> <chromiumPath>
// config: {url, email, password, loads, threadName, threadNewestId, rows, screenshot}
import readline from 'node:readline';
import { launchChromium } from '../../test/browser/chromium.mjs';
import { expectNoPageErrors, watchErrors } from '../../test/browser/steps.mjs';

// playwright-core comes from the browser tests' packages (npm ci --prefix hub/src/test/browser).

const [configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const TIMEOUT = 60_000;
const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (word, value) => process.stdout.write(value === undefined ? `${word}\n` : `${word} ${JSON.stringify(value)}\n`);

// Runs in the page before its own scripts. Conditions are checked after each batch of DOM changes;
// when one first holds, `dom` gets the time, and `painted` the time right after the next frame was
// painted (a requestAnimationFrame callback runs before the paint, a message posted from it after).
// Times are performance.now(): milliseconds since the navigation started.
function instrument() {
  const bench = { dom: {}, painted: {}, marks: {}, longTasks: [], frames: [], armed: {}, live: null };
  window.__bench = bench;
  const afterPaint = (callback) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback(performance.now());
    channel.port2.postMessage(null);
  });
  const conditions = {
    form: () => document.getElementById('sign-in-email'),
    rows: () => document.querySelector('#conversations li'),
    // The first page's rows all carry their customer's name (the console asks for each name apart).
    named: ({ unnamed, count }) => {
      const names = document.querySelectorAll('#conversations li .who');
      return names.length >= count && [...names].slice(0, count).every((name) => name.textContent !== unnamed);
    },
    thread: ({ id }) => {
      const log = document.querySelector('[role="log"]');
      return log && log.getAttribute('aria-busy') === 'false' && document.getElementById(`message-${id}`);
    },
    earlier: ({ count }) => document.querySelectorAll('[role="log"] article').length >= count,
  };
  bench.arm = (name, args = {}) => {
    delete bench.dom[name];
    delete bench.painted[name];
    bench.armed[name] = args;
    check();
  };
  const check = () => {
    for (const [name, args] of Object.entries(bench.armed)) {
      if (conditions[name](args)) {
        delete bench.armed[name];
        bench.dom[name] = performance.now();
        afterPaint((at) => { bench.painted[name] = at; });
      }
    }
  };
  bench.arm('form');
  // While the events arrive: when each one's text ("ref L<seq>") first shows in the list and in the
  // thread, as epoch milliseconds (the bench sent it by the same machine's clock).
  const REF = /\(ref L(\d+)\)/;
  const seen = (node) => {
    const live = bench.live;
    const match = REF.exec(node.textContent);
    if (!match) return;
    const where = node.closest?.('[role="log"]') ? live.thread : node.closest?.('#conversations') ? live.list : null;
    if (where && !(match[1] in where)) where[match[1]] = performance.timeOrigin + performance.now();
  };
  new MutationObserver((records) => {
    if (Object.keys(bench.armed).length) check();
    if (!bench.live) return;
    for (const record of records) {
      if (record.type === 'characterData') {
        if (record.target.parentElement) seen(record.target.parentElement);
      } else {
        record.addedNodes.forEach((node) => node.nodeType === Node.ELEMENT_NODE ? seen(node) : node.parentElement && seen(node.parentElement));
      }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => bench.longTasks.push({ start: entry.startTime, duration: entry.duration })))
    .observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => bench.frames.push({ start: entry.startTime, duration: entry.duration,
      blocking: entry.blockingDuration }))).observe({ type: 'long-animation-frame', buffered: true });
  }
  document.addEventListener('click', (event) => {
    const target = event.target.closest?.('button[type="submit"], a[data-id]');
    if (target?.matches('button[type="submit"]')) bench.marks.signIn = performance.now();
    if (target?.matches('a[data-id]')) bench.marks.thread = performance.now();
  }, true);
}

const painted = (page, name) => page.waitForFunction((n) => window.__bench.painted[n] !== undefined, name, { timeout: TIMEOUT, polling: 50 });
const bench = (page) => page.evaluate(() => ({ painted: window.__bench.painted, dom: window.__bench.dom, marks: window.__bench.marks }));
/** The API requests of the page matching a pattern: their durations (request start to response end). */
const requests = (page, pattern) => page.evaluate((source) => performance.getEntriesByType('resource')
  .filter((entry) => new RegExp(source).test(entry.name)).map((entry) => entry.responseEnd - entry.startTime), pattern);
const longest = (page) => page.evaluate(() => Math.max(0, ...window.__bench.longTasks.map((task) => task.duration)));

const browser = await launchChromium(executablePath);
try {
  const problems = [];
  let page;
  for (let load = 1; load <= config.loads; load++) {
    if (page) await page.context().close();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    await context.addInitScript(instrument);
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, problems);
    const figures = { load };

    // Cold: nothing cached, nobody signed in.
    await page.goto(config.url);
    await painted(page, 'form');
    if (load === 1) {
      say('SCRIPTS', await page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => /\.m?js(\?|$)/.test(entry.name))
        .map((entry) => ({ url: entry.name, bytes: entry.decodedBodySize, transferred: entry.encodedBodySize }))));
    }
    figures.form = (await bench(page)).painted.form;

    await page.getByRole('textbox', { name: 'Email' }).fill(config.email);
    await page.getByLabel('Password').fill(config.password);
    await page.evaluate(({ unnamed, count }) => {
      window.__bench.arm('rows');
      window.__bench.arm('named', { unnamed, count });
    }, { unnamed: 'Unnamed customer', count: config.rows });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await painted(page, 'rows');
    await painted(page, 'named');
    let marks = await bench(page);
    figures.rows = marks.painted.rows - marks.marks.signIn;
    figures.named = marks.painted.named - marks.marks.signIn;
    figures.rowsInDom = marks.dom.rows - marks.marks.signIn;
    figures.loginRequest = (await requests(page, '/api/v1/auth/login$'))[0];
    figures.listRequest = (await requests(page, '/api/v1/conversations\\?'))[0];

    // The long thread: its newest page, then one earlier page by scrolling to the top.
    const list = page.getByRole('list', { name: 'Conversations' });
    await page.evaluate((id) => window.__bench.arm('thread', { id }), config.threadNewestId);
    await list.getByRole('link', { name: new RegExp(`^${config.threadName}`) }).click();
    await painted(page, 'thread');
    marks = await bench(page);
    figures.thread = marks.painted.thread - marks.marks.thread;
    figures.messagesRequest = (await requests(page, '/messages\\?order=desc&limit=50$'))[0];
    const shown = await page.getByRole('log', { name: 'Messages' }).getByRole('article').count();
    figures.threadArticles = shown;
    await page.waitForTimeout(300); // the customer panel and suggestions settle first
    const scrolledAt = await page.evaluate((count) => {
      window.__bench.arm('earlier', { count });
      document.querySelector('[role="log"]').scrollTop = 0;
      return performance.now();
    }, shown + 1);
    await painted(page, 'earlier');
    figures.earlier = (await bench(page)).painted.earlier - scrolledAt;
    figures.earlierArticles = await page.getByRole('log', { name: 'Messages' }).getByRole('article').count();
    figures.longestTask = await longest(page);

    // A reload: the session cookie signs in again, Lit comes from the cache, the thread's address opens it.
    await page.reload();
    await page.evaluate((id) => {
      window.__bench.arm('rows');
      window.__bench.arm('thread', { id });
    }, config.threadNewestId);
    await painted(page, 'rows');
    await painted(page, 'thread');
    marks = await bench(page);
    figures.reloadRows = marks.painted.rows;
    figures.reloadThread = marks.painted.thread;
    figures.reloadLongestTask = await longest(page);
    say('LOAD', figures);
  }

  // The last page stays: reading the newest messages of the long thread, the big inbox beside it.
  await page.evaluate(() => {
    const log = document.querySelector('[role="log"]');
    log.scrollTop = log.scrollHeight;
  });
  await page.waitForTimeout(1_000);
  if (config.screenshot) await page.screenshot({ path: config.screenshot });

  const heapBefore = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  // The renderer's main thread over the window (DevTools' counters, seconds), and each component's
  // renders (Lit's update: render and commit to the DOM), to tell what the long tasks are made of.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
  // The same counters over a quiet stretch first: what the open page costs with nothing arriving.
  const idleBefore = await metrics();
  await page.waitForTimeout(5_000);
  const idleAfter = await metrics();
  const idleBusy = (idleAfter.TaskDuration - idleBefore.TaskDuration) / ((idleAfter.Timestamp - idleBefore.Timestamp) || 5);
  const metricsBefore = await metrics();
  const start = await page.evaluate((names) => {
    const renders = {};
    for (const name of names) {
      const element = customElements.get(name);
      const update = element.prototype.update;
      element.prototype.update = function timed(changed) {
        const started = performance.now();
        try {
          return update.call(this, changed);
        } finally {
          const took = performance.now() - started;
          const tally = renders[name] ??= { count: 0, ms: 0, max: 0 };
          tally.count += 1;
          tally.ms += took;
          tally.max = Math.max(tally.max, took);
        }
      };
    }
    window.__bench.live = { thread: {}, list: {}, renders };
    return performance.now();
  }, ['omnihub-console', 'oh-inbox-list', 'oh-thread', 'oh-customer-panel', 'oh-composer', 'oh-suggestions', 'oh-call-pop',
    'oh-escalate-dialog', 'oh-shortcut-sheet']);
  // OMNIHUB_CONSOLE_TRACE=<file.json>: a Chrome trace of the window, for DevTools' Performance panel.
  const trace = process.env.OMNIHUB_CONSOLE_TRACE;
  if (trace) await browser.startTracing(page, { path: trace });
  say('AWAITING_EVENTS');
  const { value, done } = await input.next();
  if (done || value !== 'GO') throw new Error('the bench did not say GO after the events');
  await page.waitForTimeout(2_000); // the last events reach the page
  const live = await page.evaluate((from) => {
    const bench = window.__bench;
    const inbox = document.querySelector('oh-inbox-list').state;
    return {
      seconds: (performance.now() - from) / 1000,
      longTasks: bench.longTasks.filter((task) => task.start >= from).map((task) => task.duration),
      frames: bench.frames.filter((frame) => frame.start >= from).map((frame) => frame.duration),
      rows: document.querySelectorAll('#conversations li').length,
      order: inbox.order.length,
      held: inbox.conversations.size,
      articles: document.querySelectorAll('[role="log"] article').length,
      thread: bench.live.thread,
      list: bench.live.list,
      heap: performance.memory?.usedJSHeapSize ?? null,
      renders: bench.live.renders,
    };
  }, start);
  if (trace) await browser.stopTracing();
  const metricsAfter = await metrics();
  live.idleBusy = idleBusy;
  live.mainThread = Object.fromEntries(['TaskDuration', 'LayoutDuration', 'RecalcStyleDuration']
    .map((name) => [name, metricsAfter[name] - metricsBefore[name]]));
  live.heapBefore = heapBefore;
  live.loafSupported = await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'));
  say('LIVE', live);

  expectNoPageErrors(problems);
} catch (error) {
  process.stderr.write(`${error && error.stack || error}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit();
}
