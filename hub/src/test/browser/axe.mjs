// axe-core as every browser script here runs it: put into the page through the debugging protocol
// (which a page's Content-Security-Policy does not govern, so the page is checked under its own
// policy), run on the page or a part of it, failing on the impacts given, lesser ones written to
// standard error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SERIOUS = ['serious', 'critical'];

/**
 * @param {import('playwright-core').Page} page
 * @param {string} what the screen checked, for the message
 * @param {{include?: string, failOn?: string[]|'any'}} [options] a CSS selector to check only that part; the
 *   impacts that fail (serious and critical unless told)
 */
export async function assertAccessible(page, what, { include, failOn = SERIOUS } = {}) {
  if (!await page.evaluate(() => Boolean(window.axe))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate((selector) => window.axe.run(selector ? { include: [[selector]] } : document,
    { resultTypes: ['violations'] }), include ?? null);
  const described = (violations) => JSON.stringify(violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })));
  const failing = result.violations.filter((v) => failOn === 'any' || failOn.includes(v.impact));
  const lesser = result.violations.filter((v) => !failing.includes(v));
  if (lesser.length) {
    process.stderr.write(`axe, ${what} (not serious): ${described(lesser)}\n`);
  }
  if (failing.length) {
    throw new Error(`axe, ${what}: ${described(failing)}`);
  }
}
