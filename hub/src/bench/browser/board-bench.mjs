// The browser's half of BoardBench (./omnihub bench --console --board): the supervisor board in Debian's
// Chromium on a hub with many agents and queues, measured inside the page. It signs in, opens the board
// through the main navigation and times it until every queue's and agent's row is on screen, then the same
// after a reload at #/supervisor; prints AWAITING_EVENTS and records every long task (and long animation
// frame) while the bench drives the hub, until it reads GO on standard input. The socket's frames are
// counted by type (Playwright sees the page's WebSocket) over the same window.
//
//   BOARD {...}        link -> board and reload -> board, in ms; the rows shown
//   AWAITING_EVENTS    the board is up: drive the hub, then write GO
//   LIVE {...}         the long tasks and frames of the window, the frames received by type, the rows after it
//
//   node board-bench.mjs <config json> <chromiumPath>
// config: {url, email, password, queues, agents, screenshot (a path, or null)}
import readline from 'node:readline';
import { launchChromium } from '../../test/browser/chromium.mjs';
import { expectNoPageErrors, watchErrors } from '../../test/browser/steps.mjs';

const [configJson, executablePath] = process.argv.slice(2);
const config = JSON.parse(configJson);
const TIMEOUT = 120_000;
const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (word, value) => process.stdout.write(value === undefined ? `${word}\n` : `${word} ${JSON.stringify(value)}\n`);

// Runs in the page before its own scripts: long tasks and long animation frames as they come, and when
// the Supervisor link was clicked.
function instrument() {
  const bench = { longTasks: [], frames: [], clickedAt: null };
  window.__bench = bench;
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => bench.longTasks.push({ start: entry.startTime, duration: entry.duration })))
    .observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => bench.frames.push({ start: entry.startTime, duration: entry.duration })))
      .observe({ type: 'long-animation-frame', buffered: true });
  }
  document.addEventListener('click', (event) => {
    if (event.target.closest?.('a[href="#/supervisor"]')) bench.clickedAt = performance.now();
  }, true);
}

/** Resolves with performance.now() of the first animation frame at which both tables hold every row. */
const boardShown = (page) => page.waitForFunction(({ queues, agents }) => {
  const rows = (name) => [...document.querySelectorAll('table')].find((table) => table.querySelector('caption')?.textContent.trim() === name)
    ?.querySelectorAll('tbody th[scope="row"]').length ?? 0;
  return rows('Queues') >= queues && rows('Agents') >= agents ? performance.now() : false;
}, { queues: config.queues, agents: config.agents }, { polling: 'raf', timeout: TIMEOUT }).then((handle) => handle.jsonValue());

/** A CPU profile's self time by function (file:function), the 15 largest, in ms. */
function selfTimes(profile) {
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = new Map();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byNode.get(id).callFrame;
    const key = `${url.split('/').pop() || '(native)'}:${functionName || '(anonymous)'}${url ? `:${lineNumber + 1}` : ''}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
  }
  return [...hits].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([where, count]) => ({ where, ms: Math.round(count * interval) }));
}

const browser = await launchChromium(executablePath);
try {
  const problems = [];
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watchErrors(page, problems);
  const received = { counting: false, byType: {}, total: 0 };
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
    if (!received.counting) return;
    let type = 'other';
    try {
      type = JSON.parse(payload).type ?? 'other';
    } catch {
      // not JSON: counted as other
    }
    received.byType[type] = (received.byType[type] ?? 0) + 1;
    received.total++;
  }));

  await page.goto(config.url);
  await page.getByRole('textbox', { name: 'Email' }).fill(config.email);
  await page.getByLabel('Password').fill(config.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Live' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervisor' }).click();
  const shownAfterClick = await boardShown(page);
  const figures = { link: shownAfterClick - await page.evaluate(() => window.__bench.clickedAt) };

  // A reload at #/supervisor: the session cookie, the board's data, every row; from the navigation's start.
  await page.reload();
  figures.reload = await boardShown(page);
  await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Live' }).waitFor();
  figures.longestTaskWhileLoading = await page.evaluate(() => Math.max(0, ...window.__bench.longTasks.map((task) => task.duration)));
  figures.queueRows = await page.getByRole('table', { name: 'Queues' }).getByRole('rowheader').count();
  figures.agentRows = await page.getByRole('table', { name: 'Agents' }).getByRole('rowheader').count();
  say('BOARD', figures);

  await page.waitForTimeout(1_000); // what the reload set off settles first
  const startedAt = await page.evaluate(() => {
    window.__bench.longTasks = [];
    window.__bench.frames = [];
    return performance.now();
  });
  received.counting = true;
  // OMNIHUB_BOARD_PROFILE=1: the page's JavaScript sampled over the window, its self time by function.
  const profiler = process.env.OMNIHUB_BOARD_PROFILE ? await page.context().newCDPSession(page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
    await profiler.send('Profiler.start');
  }
  say('AWAITING_EVENTS');
  const { value, done } = await input.next();
  if (done || value !== 'GO') throw new Error('the bench did not say GO');
  received.counting = false;
  const profile = profiler ? selfTimes((await profiler.send('Profiler.stop')).profile) : null;
  const live = await page.evaluate((since) => ({
    seconds: (performance.now() - since) / 1000,
    longTasks: window.__bench.longTasks.map((task) => task.duration),
    frames: window.__bench.frames.map((frame) => frame.duration),
    loafSupported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'),
  }), startedAt);
  live.received = received.byType;
  if (profile) live.profile = profile;
  live.receivedTotal = received.total;
  // The board after the storm: its Waiting column's total (the bench compares it with the API's).
  await page.waitForTimeout(3_000);
  live.waitingShown = await page.evaluate(() => {
    const table = [...document.querySelectorAll('table')].find((each) => each.querySelector('caption')?.textContent.trim() === 'Queues');
    return [...table.querySelectorAll('tbody tr')].reduce((sum, row) => sum + (Number(row.querySelectorAll('td')[0]?.textContent.replace(/\D/g, '')) || 0), 0);
  });
  if (config.screenshot) await page.screenshot({ path: config.screenshot });
  expectNoPageErrors(problems);
  say('LIVE', live);
} catch (error) {
  process.stderr.write(`${error && error.stack || error}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit();
}
