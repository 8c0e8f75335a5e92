// What the four admin editors (rules, knowledge base, campaigns, privacy) share: lists typed as text,
// the API's error narrowed to a field the form shows, and the modal dialogs they open.

/** "a, b,\n c" → ['a', 'b', 'c']: the tag and skill lists typed in one text field. */
export function splitList(text) {
  return String(text ?? '')
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** ['a', 'b'] → "a, b" for the same fields. */
export function joinList(items) {
  return Array.isArray(items) ? items.join(', ') : String(items ?? '');
}

/**
 * The API names the exact place of a refusal (`actions[0].tags[1]`, `sensitiveAttributes[2]`); a form shows
 * its error beside the closest field it has. Returns the error with `field` narrowed to the longest of
 * `shown` that starts that path (or unchanged when none does, so formError shows it at the foot).
 * @param {import('../app/api.js').ApiError|null} error
 * @param {string[]} shown
 */
export function narrowed(error, shown) {
  if (!error?.field) return error;
  const path = error.field;
  const closest = shown
    .filter((name) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
    .sort((a, b) => b.length - a.length)[0];
  if (!closest || closest === path) return error;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error);
  copy.field = closest;
  copy.message = error.message;
  return copy;
}

/** Opens the element's `<dialog>` (found by selector) once Lit has rendered what the caller just changed. */
export async function openDialog(element, selector) {
  await element.updateComplete;
  const dialog = element.querySelector(selector);
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('input:not([type=hidden]), select, textarea')?.focus();
}

export function closeDialog(element, selector) {
  element.querySelector(selector)?.close();
}

/** Saves a Blob as a file through an object URL (the export buttons). */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
