// Copyright declarations (SPEC §7): the five forms and the resource sharing declaration. Every staff
// role reads them; a fulfillment administrator customizes a form's text (plain text, language sections
// starting with a --fr-- line), restores its default, sets the resource sharing declaration, and reads
// who changed what.

import { api } from '../api.js';
import { announce, checkbox, clearErrors, field, formAlert, formatDate, h, isStale, sayStale, showError, values } from '../dom.js';
import { historyDisclosure } from '../history.js';

export async function declarationsPage({ show, session }) {
  const admin = session.groups.includes('fulfillment-admin');
  const list = h('ul', { class: 'cards', 'aria-label': 'Declaration forms' });
  const sharing = h('section', { 'aria-labelledby': 'rs-heading' });
  show('Copyright declarations',
    h('p', {}, 'What a requester must read, and accept where the form asks, before a copy is made. A form is shown in the reader’s language when its text has a section for it (a line such as --fr-- starts one), otherwise in the unmarked text.'),
    admin ? null : h('p', { class: 'muted' }, 'Only a fulfillment administrator can change them.'),
    list, sharing);
  await Promise.all([loadForms(), loadSharing()]);

  async function loadForms(focusId) {
    const forms = await api('GET', '/copyright-declarations');
    list.replaceChildren(...forms.map(card));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function card(form) {
    const headingId = `declaration-${form.form}`;
    const path = `/copyright-declarations/${encodeURIComponent(form.form)}`;
    const state = form.customized ? `Customized by ${form.updated_by} on ${formatDate(form.updated_at)}.` : 'The default text.';
    const parts = [
      h('h2', { id: headingId, tabindex: '-1' }, form.name),
      h('p', {}, form.purpose),
      h('p', { class: 'muted' }, `File ${form.file_name}. ${state}`, form.languages.length ? ` Sections: ${form.languages.join(', ')}.` : ''),
    ];
    const defaultText = form.customized
      ? h('details', {}, h('summary', {}, 'Default text'), h('div', { class: 'declaration' }, form.default_text))
      : null;
    if (!admin) {
      parts.push(h('div', { class: 'declaration', tabindex: '0', 'aria-label': `${form.name}: text` }, form.text), defaultText);
      return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, ...parts));
    }

    const editor = h('form', { novalidate: true, 'aria-label': `Text of ${form.name}` },
      formAlert(),
      field({ label: 'Text', name: 'text', type: 'textarea', field: 'text', value: form.text, hint: 'Plain text; HTML tags are refused', attributes: { rows: '8' } }),
      defaultText,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', 'aria-describedby': headingId }, 'Save declaration'),
        form.customized ? h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: restore }, 'Restore the default') : null));
    editor.addEventListener('submit', async (event) => {
      event.preventDefault();
      await change(() => api('PUT', path, { body: { ...values(editor), version: form.version } }), `${form.name}: text saved.`);
    });

    async function restore() {
      await change(() => api('DELETE', path, { query: { version: form.version } }), `${form.name}: the default text is back.`);
    }

    async function change(call, done) {
      clearErrors(editor);
      try {
        await call();
        await loadForms(headingId);
        announce(done);
      } catch (error) {
        if (!isStale(error)) return showError(editor, error);
        await loadForms(headingId);
        sayStale(headingId, form.name);
      }
    }

    parts.push(editor, historyDisclosure(`${path}/history`));
    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, ...parts));
  }

  async function loadSharing(focus = false) {
    const current = await api('GET', '/resource-sharing-copyright-declaration');
    const heading = h('h2', { id: 'rs-heading', tabindex: '-1' }, 'Resource sharing copyright declaration');
    const state = current.updated_at ? ` Last changed by ${current.updated_by} on ${formatDate(current.updated_at)}.` : '';
    const intro = h('p', { class: 'muted' }, current.enabled ? 'Shown to patrons before they request an item from a partner library.' : 'Off: patrons are not shown it.', state);
    if (!admin) {
      sharing.replaceChildren(heading, intro, current.content ? h('div', { class: 'declaration', tabindex: '0', 'aria-label': 'Resource sharing declaration: text' }, current.content) : null);
      return;
    }
    const editor = h('form', { novalidate: true, 'aria-labelledby': 'rs-heading' },
      formAlert(),
      field({ label: 'Content', name: 'content', type: 'textarea', field: 'content', value: current.content, hint: 'Plain text; needed before it can be shown', attributes: { rows: '6' } }),
      checkbox({ label: 'Show it to patrons', name: 'enabled', checked: current.enabled, field: 'enabled' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save resource sharing declaration')));
    editor.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(editor);
      try {
        await api('PUT', '/resource-sharing-copyright-declaration', { body: { ...values(editor), version: current.version } });
        await loadSharing(true);
        announce('Resource sharing declaration saved.');
      } catch (error) {
        if (!isStale(error)) return showError(editor, error);
        await loadSharing(true);
        sayStale('rs-heading', 'The resource sharing declaration');
      }
    });
    sharing.replaceChildren(heading, intro, editor, historyDisclosure('/resource-sharing-copyright-declaration/history'));
    if (focus) heading.focus();
  }
}
