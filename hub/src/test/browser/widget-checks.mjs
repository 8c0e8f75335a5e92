// What the widget's browser scripts share: their steps and axe-core's check of the widget.
import { createRequire } from 'node:module';

export const STEP_TIMEOUT = 20_000;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Tells the JUnit half a step was reached. */
export function step(name) {
  process.stdout.write(name + '\n');
}

/**
 * axe-core on the widget alone (its shadow root included; the test's page is not what is checked):
 * a serious or critical violation fails, a lesser one is written to standard error.
 */
export async function accessible(page, what) {
  if (!await page.evaluate(() => Boolean(window.axe))) {
    await page.addScriptTag({ path: axePath });
  }
  const result = await page.evaluate(() => window.axe.run({ include: [['[data-omnihub-widget]']] }, { resultTypes: ['violations'] }));
  const described = (violations) => JSON.stringify(violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })));
  const grave = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lesser = result.violations.filter((v) => !grave.includes(v));
  if (lesser.length) {
    process.stderr.write(`axe, ${what} (not serious): ${described(lesser)}\n`);
  }
  if (grave.length) {
    throw new Error(`axe, ${what}: ${described(grave)}`);
  }
}
