// What the widget's browser scripts share: their steps and axe-core's check of the widget.
import { assertAccessible } from './axe.mjs';

export const STEP_TIMEOUT = 20_000;

/** Tells the JUnit half a step was reached. */
export function step(name) {
  process.stdout.write(name + '\n');
}

/**
 * axe-core on the widget alone (its shadow root included; the test's page is not what is checked):
 * a serious or critical violation fails, a lesser one is written to standard error.
 */
export function accessible(page, what) {
  return assertAccessible(page, what, { include: '[data-omnihub-widget]' });
}
