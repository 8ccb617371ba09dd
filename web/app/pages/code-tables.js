// Code tables (SPEC §7): the Copyright Publishers table the rules' Publisher clause compares against,
// the status a new citation starts with, and the resource sharing copyright statuses (a fixed set whose
// descriptions can change; shown only while resource sharing copyright management is on). Every staff
// role reads them; a fulfillment administrator changes them, and every table lists who changed what.

import { api } from '../api.js';
import { announce, clearErrors, field, formAlert, formatDate, h, notice, showError, values } from '../dom.js';
import { historyDisclosure } from '../history.js';

const CITATION_STATUSES = [
  ['approved', 'Approved'], ['declined', 'Declined'], ['in_process', 'In process'],
  ['not_needed', 'Not needed'], ['self_declared', 'Self-declared'], ['waiting', 'Waiting'],
];
const CITATION_KINDS = [
  { path: ['repository', 'digital'], label: 'Repository citation, digital' },
  { path: ['repository', 'electronic'], label: 'Repository citation, electronic' },
  { path: ['repository', 'physical'], label: 'Repository citation, physical' },
  { path: ['non_repository'], label: 'Non-repository citation' },
  { path: ['brief'], label: 'Brief citation' },
];

export async function codeTablesPage({ show, session }) {
  const admin = session.groups.includes('fulfillment-admin');
  const sections = [publishers(admin), citationDefaults(admin), rsStatuses(admin)];
  show('Code tables',
    admin ? null : h('p', { class: 'muted' }, 'Only a fulfillment administrator can change them.'),
    ...sections.map((section) => section.element));
  await Promise.all(sections.map((section) => section.load()));
}

/** A section with its heading, body and change history (renewed after each change). */
function section(id, title, intro, historyPath) {
  const body = h('div', {});
  let history = historyDisclosure(historyPath);
  const element = h('section', { 'aria-labelledby': id },
    h('h2', { id, tabindex: '-1' }, title), h('p', {}, intro), body, history);
  return {
    element,
    body,
    renewHistory() {
      const fresh = historyDisclosure(historyPath);
      history.replaceWith(fresh);
      history = fresh;
    },
  };
}

function publishers(admin) {
  const part = section('publishers-heading', 'Copyright publishers',
    'A rule’s Publisher clause compares a request’s publisher with the names in this table.', '/copyright-publishers/history');
  const list = h('ul', { class: 'cards', 'aria-label': 'Publishers' });
  const add = admin ? h('form', { novalidate: true, 'aria-labelledby': 'add-publisher' },
    h('h3', { id: 'add-publisher', tabindex: '-1' }, 'Add a publisher'),
    formAlert(),
    field({ label: 'Code', name: 'code', field: 'code', attributes: { spellcheck: 'false' } }),
    field({ label: 'Name', name: 'name', field: 'name' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add publisher'))) : null;
  part.body.append(...[list, add].filter(Boolean));

  add?.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(add);
    try {
      const added = await api('POST', '/copyright-publishers', { body: values(add) });
      add.reset();
      await load(`publisher-${added.code}`);
      announce(`${added.name} (${added.code}) added.`);
    } catch (error) {
      showError(add, error);
    }
  });

  async function load(focusId) {
    const rows = await api('GET', '/copyright-publishers');
    list.replaceChildren(...(rows.length ? rows.map(card) : [h('li', { class: 'muted' }, 'No publishers yet.')]));
    if (focusId) {
      part.renewHistory();
      document.getElementById(focusId)?.focus();
    }
  }

  function card(publisher) {
    const headingId = `publisher-${publisher.code}`;
    const heading = h('h3', { id: headingId, tabindex: '-1' }, `${publisher.name} (${publisher.code})`);
    if (!admin) return h('li', { class: 'card' }, heading);
    const path = `/copyright-publishers/${encodeURIComponent(publisher.code)}`;
    const edit = h('form', { novalidate: true, 'aria-label': `Change ${publisher.code}` },
      formAlert(),
      field({ label: 'Name', name: 'name', field: 'name', value: publisher.name }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', 'aria-describedby': headingId }, 'Save publisher'),
        h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: remove }, 'Remove publisher')));
    edit.addEventListener('submit', (event) => {
      event.preventDefault();
      change(() => api('PUT', path, { body: values(edit) }), `${publisher.code} renamed.`, headingId);
    });

    function remove() {
      return change(() => api('DELETE', path), `${publisher.name} (${publisher.code}) removed.`, 'add-publisher');
    }

    async function change(call, done, focusId) {
      clearErrors(edit);
      try {
        await call();
        await load(focusId);
        announce(done);
      } catch (error) {
        showError(edit, error);
      }
    }

    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, heading, edit));
  }

  return { element: part.element, load: () => load() };
}

function citationDefaults(admin) {
  const part = section('citations-heading', 'Citation copyright statuses',
    'The copyright status a new reading-list citation starts with, by the kind of citation.', '/citation-copyright-defaults/history');
  const pick = (mapping, path) => path.reduce((value, key) => value[key], mapping);
  const words = Object.fromEntries(CITATION_STATUSES);

  async function load() {
    const mapping = await api('GET', '/citation-copyright-defaults');
    const state = h('p', { class: 'muted' }, mapping.customized
      ? `Changed by ${mapping.updated_by} on ${formatDate(mapping.updated_at)}.`
      : 'The default mapping.');
    if (!admin) {
      part.body.replaceChildren(state, h('dl', { class: 'meta' }, CITATION_KINDS.map((kind) => [
        h('dt', {}, kind.label), h('dd', {}, words[pick(mapping, kind.path)] || pick(mapping, kind.path))])));
      return;
    }
    const saved = notice();
    const form = h('form', { novalidate: true, 'aria-labelledby': 'citations-heading' },
      formAlert(),
      CITATION_KINDS.map((kind) => field({
        label: kind.label, name: kind.path.join('.'), type: 'select', field: kind.path.join('.'),
        options: CITATION_STATUSES, value: pick(mapping, kind.path),
      })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save citation statuses')),
      saved);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const chosen = values(form);
      const body = { repository: {} };
      for (const kind of CITATION_KINDS) {
        if (kind.path.length === 2) body.repository[kind.path[1]] = chosen[kind.path.join('.')];
        else body[kind.path[0]] = chosen[kind.path[0]];
      }
      try {
        await api('PUT', '/citation-copyright-defaults', { body });
        await load();
        part.renewHistory();
        document.getElementById('citations-heading')?.focus(); // the form was drawn again
        announce('Citation statuses saved.');
      } catch (error) {
        showError(form, error);
      }
    });
    part.body.replaceChildren(state, form);
  }

  return { element: part.element, load };
}

function rsStatuses(admin) {
  const part = section('rs-statuses-heading', 'Resource sharing copyright statuses',
    'The statuses a borrowing request’s copyright can have. The set is fixed; their descriptions can change.', '/rs-copyright-statuses/history');

  async function load(focusId) {
    const settings = await api('GET', '/settings');
    if (!settings.rs_borrower_copyright_management) {
      part.body.replaceChildren(h('p', { class: 'muted' },
        'Resource sharing copyright management is off, so these statuses are not used. It is switched on in ',
        h('a', { href: '/staff/settings' }, 'Settings'), '.'));
      return;
    }
    const statuses = await api('GET', '/rs-copyright-statuses');
    part.body.replaceChildren(h('ul', { class: 'cards', 'aria-label': 'Resource sharing copyright statuses' }, statuses.map(card)));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function card(status) {
    const headingId = `rs-status-${status.code}`;
    const heading = h('h3', { id: headingId, tabindex: '-1' }, status.code);
    const shipped = status.customized ? h('p', { class: 'muted' }, `Shipped description: ${status.default_description}`) : null;
    if (!admin) return h('li', { class: 'card' }, heading, h('p', {}, status.description), shipped);
    const form = h('form', { novalidate: true, 'aria-label': `Change ${status.code}` },
      formAlert(),
      field({ label: 'Description', name: 'description', field: 'description', value: status.description }),
      shipped,
      h('div', { class: 'actions' }, h('button', { type: 'submit', 'aria-describedby': headingId }, 'Save description')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      try {
        await api('PUT', `/rs-copyright-statuses/${encodeURIComponent(status.code)}`, { body: values(form) });
        await load(headingId);
        part.renewHistory();
        announce(`${status.code}: description saved.`);
      } catch (error) {
        showError(form, error);
      }
    });
    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId }, heading, form));
  }

  return { element: part.element, load: () => load() };
}
