// How every console form shows the API's refusal: the field the error names is marked aria-invalid and
// described by the error's text beside it; an error naming no field shown in the form is an alert at the
// form's foot. The dialogs call these with the ApiError (app/api.js) they caught, or null.
import { html, nothing } from 'lit';

/** `aria-invalid` for the field `name`: "true" when the error names it. */
export function invalid(error, name) {
  return error?.field === name ? 'true' : nothing;
}

/** `aria-describedby` for the field `name`: its error's element (see `fieldError`) when the error names it. */
export function describedBy(error, name, formId) {
  return error?.field === name ? errorId(formId, name) : nothing;
}

/** The error's text beside the field `name`, when the error names it. */
export function fieldError(error, name, formId) {
  return error?.field === name ? html`<p id=${errorId(formId, name)} class="error field-error">${error.message}</p>` : nothing;
}

/** The error at the form's foot when it names no field among `shown` (or none at all). */
export function formError(error, shown) {
  return error && !shown.includes(error.field) ? html`<p role="alert" class="error">${error.message}</p>` : nothing;
}

function errorId(formId, name) {
  return `${formId}-${String(name).replace(/[^\w-]/g, '-')}-error`;
}
