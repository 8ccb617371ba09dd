// Departments (issue 11): where items are scanned in and worked on. Every staff role reads them; a
// fulfillment administrator adds one, renames it or changes its kind, and removes one that holds no
// unfinished request (the API says which requests keep it).

import { api } from '../api.js';
import { announce, clearErrors, field, formAlert, h, showError, values } from '../dom.js';

const KINDS = [['digitization', 'Digitization: items are scanned in and digitized here'], ['other', 'Other (circulation, for example)']];
const KIND_WORDS = { digitization: 'Digitization department', other: 'Not a digitization department' };

export async function departmentsPage({ show, session }) {
  const admin = session.groups.includes('fulfillment-admin');
  const alert = formAlert();
  const list = h('ul', { class: 'cards', 'aria-label': 'Departments' });
  const intro = h('p', {}, 'Items are scanned in, located and digitized at a digitization department; the later steps happen where the item is.');
  if (!admin) {
    show('Departments', intro, alert, list, h('p', { class: 'muted' }, 'Only a fulfillment administrator can change them.'));
    await load();
    return;
  }

  const addAlert = formAlert();
  const add = h('form', { novalidate: true, 'aria-labelledby': 'add-heading' },
    h('h2', { id: 'add-heading' }, 'Add a department'),
    addAlert,
    field({ label: 'Code', name: 'code', field: 'code', hint: 'Letters, digits, - _ and .; kept in upper case (DIGI-MAIN)', attributes: { autocapitalize: 'characters', spellcheck: 'false' } }),
    field({ label: 'Name', name: 'name', field: 'name' }),
    field({ label: 'Kind', name: 'kind', type: 'select', field: 'kind', options: KINDS, value: 'digitization' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add department')));
  show('Departments', intro, alert, list, add);
  await load();

  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(add);
    const chosen = values(add);
    try {
      const added = await api('POST', '/departments', { body: chosen });
      add.reset();
      await load(`department-${added.code}`);
      announce(`${added.name} (${added.code}) added.`);
    } catch (error) {
      showError(add, error);
    }
  });

  async function load(focusId) {
    const departments = await api('GET', '/departments');
    list.replaceChildren(...departments.map(card));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function card(department) {
    const headingId = `department-${department.code}`;
    const heading = h('h2', { id: headingId, tabindex: '-1' }, `${department.name} (${department.code})`);
    const kind = h('p', {}, KIND_WORDS[department.kind] || department.kind);
    if (!admin) return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, heading, kind));

    const cardAlert = formAlert();
    const edit = h('form', { novalidate: true, 'aria-label': `Change ${department.code}` },
      cardAlert,
      field({ label: 'Name', name: 'name', field: 'name', value: department.name }),
      field({ label: 'Kind', name: 'kind', type: 'select', field: 'kind', options: KINDS, value: department.kind }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', 'aria-describedby': headingId }, 'Save department'),
        h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: remove }, 'Remove department')));
    edit.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(edit);
      try {
        const saved = await api('PUT', `/departments/${encodeURIComponent(department.code)}`, { body: values(edit) });
        await load(headingId);
        announce(`${saved.name} (${saved.code}) saved.`);
      } catch (error) {
        showError(edit, error);
      }
    });

    async function remove() {
      clearErrors(edit);
      try {
        await api('DELETE', `/departments/${encodeURIComponent(department.code)}`);
        await load();
        alert.textContent = '';
        announce(`${department.name} (${department.code}) removed.`);
        document.querySelector('h1')?.focus?.();
      } catch (error) {
        showError(edit, error);
      }
    }

    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, heading, kind, edit));
  }
}
