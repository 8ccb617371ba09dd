// Letters (issue 11): the wording of each notification letter. Every staff role reads it; a fulfillment
// administrator words a letter (plain text with the letter's placeholders, language sections starting
// with a --fr-- line), restores the shipped wording, and reads who changed what.

import { api } from '../api.js';
import { announce, clearErrors, field, formAlert, formatDate, h, isStale, sayStale, showError, values } from '../dom.js';
import { historyDisclosure } from '../history.js';

export async function lettersPage({ show, session }) {
  const admin = session.groups.includes('fulfillment-admin');
  const list = h('ul', { class: 'cards', 'aria-label': 'Letters' });
  show('Letters',
    h('p', {}, 'What the service writes to requesters. A letter goes out in the requester’s language when its text has a section for it (a line such as --fr-- starts one), otherwise in the unmarked text.'),
    admin ? null : h('p', { class: 'muted' }, 'Only a fulfillment administrator can change them.'),
    list);
  await load();

  async function load(focusId) {
    const letters = await api('GET', '/letter-templates');
    list.replaceChildren(...letters.map(card));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function card(letter) {
    const headingId = `letter-${letter.kind}`;
    const state = letter.customized
      ? `Worded by ${letter.updated_by} on ${formatDate(letter.updated_at)}.`
      : 'The shipped wording.';
    const placeholders = h('ul', { class: 'placeholders' }, letter.placeholders.map((placeholder) => h('li', {},
      h('code', {}, `{${placeholder.name}}`), ` ${placeholder.meaning}`, placeholder.required ? ' (required in every section)' : '')));
    const parts = [
      h('h2', { id: headingId, tabindex: '-1' }, letter.name),
      h('p', { class: 'muted' }, state, letter.languages.length ? ` Sections: ${letter.languages.join(', ')}.` : ''),
    ];
    if (!admin) {
      parts.push(h('p', {}, h('strong', {}, 'Subject: '), letter.subject),
        h('div', { class: 'declaration', tabindex: '0', 'aria-label': `${letter.name}: text` }, letter.text),
        h('details', {}, h('summary', {}, 'Placeholders'), placeholders));
      return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, ...parts));
    }

    const alert = formAlert();
    const form = h('form', { novalidate: true, 'aria-label': `Wording of ${letter.name}` },
      alert,
      // Multi-line: each language section of the subject is a line of its own.
      field({ label: 'Subject', name: 'subject', type: 'textarea', field: 'subject', value: letter.subject, hint: 'One line for each language section', attributes: { rows: '3' } }),
      field({ label: 'Text', name: 'text', type: 'textarea', field: 'text', value: letter.text, attributes: { rows: '8' } }),
      h('details', {}, h('summary', {}, 'Placeholders it may use'), placeholders),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', 'aria-describedby': headingId }, 'Save wording'),
        letter.customized ? h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: restore }, 'Restore the shipped wording') : null));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      try {
        await api('PUT', `/letter-templates/${encodeURIComponent(letter.kind)}`, { body: { ...values(form), version: letter.version } });
        await load(headingId);
        announce(`${letter.name}: wording saved.`);
      } catch (error) {
        if (!isStale(error)) return showError(form, error);
        await load(headingId);
        sayStale(headingId, letter.name);
      }
    });

    async function restore() {
      clearErrors(form);
      try {
        await api('DELETE', `/letter-templates/${encodeURIComponent(letter.kind)}`, { query: { version: letter.version } });
        await load(headingId);
        announce(`${letter.name}: the shipped wording is back.`);
      } catch (error) {
        if (!isStale(error)) return showError(form, error);
        await load(headingId);
        sayStale(headingId, letter.name);
      }
    }

    const history = historyDisclosure(`/letter-templates/${encodeURIComponent(letter.kind)}/history`);
    parts.push(form, history);
    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, ...parts));
  }
}
