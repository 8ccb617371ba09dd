// Small DOM helpers: build elements, labelled fields with an error slot, and show the API's errors
// next to the field they name.

let ids = 0;

/** h('p', {class: 'x', onclick: fn}, 'text', child...) -> an element. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled control with a hint and an error slot, wired with aria-describedby.
 * `field` is the API's name for it (the `field` of an error body), so errors land here.
 */
export function field({ label, name, type = 'text', value = '', hint, required, options, attributes = {}, field: apiField }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const described = [hintId, errorId].filter(Boolean).join(' ');
  let control;
  if (type === 'select') {
    control = h('select', { id, name, 'aria-describedby': described, required, ...attributes },
      (options || []).map(([optionValue, text]) => h('option', { value: optionValue, selected: String(optionValue) === String(value) }, text)));
  } else if (type === 'textarea') {
    control = h('textarea', { id, name, 'aria-describedby': described, required, ...attributes });
    control.value = value ?? '';
  } else {
    control = h('input', { id, name, type, 'aria-describedby': described, required, ...attributes });
    if (value !== undefined && value !== null) control.value = value;
  }
  control.dataset.field = apiField || name;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'error', id: errorId }));
}

/** A checkbox with its label after it. */
export function checkbox({ label, name, checked = false, field: apiField, describedBy }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const input = h('input', { type: 'checkbox', id, name, checked, 'aria-describedby': [describedBy, errorId].filter(Boolean).join(' ') });
  input.dataset.field = apiField || name;
  return h('div', {},
    h('div', { class: 'check' }, input, h('label', { for: id }, label)),
    h('p', { class: 'error', id: errorId }));
}

/** A form-level message region (errors read out as they appear). */
export function formAlert() {
  return h('div', { class: 'alert', role: 'alert' });
}

export function notice() {
  return h('div', { class: 'notice', role: 'status' });
}

/** Clear every error shown in `form`. */
export function clearErrors(form) {
  for (const control of form.querySelectorAll('[aria-invalid="true"]')) control.removeAttribute('aria-invalid');
  for (const slot of form.querySelectorAll('.error')) slot.textContent = '';
  for (const alert of form.querySelectorAll('.alert')) alert.textContent = '';
}

/** The control of `form` that shows errors about the API field `name` (`chapters.0` goes to `chapters`). */
export function controlFor(form, name) {
  if (!name) return null;
  const controls = [...form.querySelectorAll('[data-field]')];
  let path = name;
  while (path) {
    const found = controls.find((control) => control.dataset.field === path);
    if (found) return found;
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  }
  return null;
}

/** Show a field error next to its control; returns false when the form has no such control. */
export function showFieldError(form, name, message) {
  const control = controlFor(form, name);
  if (!control) return false;
  control.setAttribute('aria-invalid', 'true');
  const slot = document.getElementById(`${control.id}-error`);
  // The API says "pages: '35-400' goes past the last page"; next to the field, the field's name is implied.
  if (slot) slot.textContent = String(message).startsWith(`${name}: `) ? String(message).slice(name.length + 2) : message;
  return true;
}

/**
 * Show what went wrong with a submission: the API's message next to the field it names (each one, when
 * there are several), else in the form's alert. Focus moves to the first field in error.
 */
export function showError(form, error) {
  clearErrors(form);
  const problems = error.problems && error.problems.length ? error.problems : [{ field: error.field, message: error.message }];
  let first = null;
  for (const problem of problems) {
    if (showFieldError(form, problem.field, problem.message)) {
      first = first || controlFor(form, problem.field);
    } else {
      const alert = form.querySelector('.alert');
      if (alert) alert.textContent = [alert.textContent, problem.message].filter(Boolean).join(' ');
    }
  }
  if (first) first.focus();
  else form.querySelector('.alert')?.focus?.();
}

export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, iso.length === 10
    ? { dateStyle: 'medium', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Words for a status code. */
export const STATUS_WORDS = {
  IN_TRANSIT: 'On its way to digitization',
  DIGITIZATION: 'Being digitized',
  DIGITAL_INVENTORY: 'Being added to the repository',
  DOCUMENT_DELIVERY: 'Being prepared for delivery',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
};

export function statusBadge(status) {
  return h('span', { class: `status ${status}` }, STATUS_WORDS[status] || status);
}

/** Tell screen-reader users something happened without moving focus. */
export function announce(text) {
  const region = document.getElementById('announce');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 30);
}

/** Read a form's named values as an object of trimmed strings (checkboxes as booleans). */
export function values(form) {
  const out = {};
  for (const control of form.elements) {
    if (!control.name) continue;
    if (control.type === 'checkbox') out[control.name] = control.checked;
    else if (control.type === 'radio') { if (control.checked) out[control.name] = control.value; }
    else if (control.type !== 'file') out[control.name] = control.value.trim();
  }
  return out;
}

/** A change refused because someone changed the thing since this page read it (409 naming `version`). */
export function isStale(error) {
  return error?.status === 409 && error.field === 'version';
}

/** After reloading the stale thing, say so in the first alert of its (new) card, under `headingId`. */
export function sayStale(headingId, what) {
  const alert = document.getElementById(headingId)?.closest('article, section')?.querySelector('.alert');
  if (alert) alert.textContent = `${what} was changed by someone else meanwhile. This page now shows their change: make yours again.`;
}

/**
 * Focus `id` after a list was drawn again; a control that is now disabled (Move up on what became the
 * first rule) cannot take focus, so its card's heading does, and focus never falls to the page.
 */
export function focusAfterReload(id) {
  if (!id) return;
  const target = document.getElementById(id);
  if (target && target.disabled) target.closest('li, article')?.querySelector('h2[tabindex], h3[tabindex]')?.focus();
  else target?.focus();
}
