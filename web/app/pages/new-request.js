// The patron's request form (SPEC §10): find a catalogued title by title, ISBN or MMS ID; say what to
// copy and, for a course, the course; read the Digitization Request Copyright Declaration in the
// reader's language and tick that it is accepted; send. The API's message for a bad value shows next to
// the field it names; a lost connection or an expired sign-in keeps everything typed.

import { api } from '../api.js';
import { checkbox, clearErrors, field, formAlert, h, showError, showFieldError, uid, values } from '../dom.js';

const DECLARATION = 'digitization_request_copyright_declaration';

function radios(legend, name, choices, checked, apiField) {
  const inputs = choices.map(([value, label]) => {
    const input = h('input', { type: 'radio', id: uid(name), name, value, checked: value === checked });
    input.dataset.field = apiField || name;
    return [input, label];
  });
  // An error about the group shows in one slot, after the choices, named after the first one.
  const errorId = `${inputs[0][0].id}-error`;
  for (const [input] of inputs) input.setAttribute('aria-describedby', errorId);
  return h('fieldset', {},
    h('legend', {}, legend),
    inputs.map(([input, label]) => h('div', { class: 'check' }, input, h('label', { for: input.id }, label))),
    h('p', { class: 'error', id: errorId }));
}

function describeTitle(title) {
  const facts = [
    title.isbn ? `ISBN ${title.isbn}` : null,
    title.issn ? `ISSN ${title.issn}` : null,
    title.publisher,
    title.publication_year,
    title.total_pages ? `${title.total_pages} pages` : null,
    `MMS ID ${title.mms_id}`,
  ].filter(Boolean);
  return facts.join(' · ');
}

export async function newRequestPage({ show, navigate }) {
  const page = show('Request a copy',
    h('p', {}, 'Find the book or journal in the library’s catalogue, then say which part you need.'));

  // -- 1. find the title ---------------------------------------------------------------------------
  const findAlert = formAlert();
  const findForm = h('form', { role: 'search', novalidate: true, 'aria-label': 'Find a title' },
    findAlert,
    h('div', { class: 'row' },
      field({ label: 'Title, ISBN or MMS ID', name: 'find', type: 'search', hint: 'For example: ornament crime, 1-86189-411-2 or 991234', field: 'find' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Find'))));
  const results = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  page.append(findForm, results, formSlot);

  findForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(findForm);
    const { find } = values(findForm);
    if (!find) {
      showFieldError(findForm, 'find', 'Type a title, an ISBN or an MMS ID.');
      findForm.querySelector('input').focus();
      return;
    }
    try {
      const found = await api('GET', '/titles', { query: { find, limit: 10 } });
      results.replaceChildren(
        h('h2', {}, found.items.length ? `Titles found (${found.items.length})` : 'No title found'),
        found.items.length
          ? h('ul', { class: 'cards' }, found.items.map((title) => {
            const headingId = uid('title');
            return h('li', { class: 'card' },
              h('h3', { id: headingId }, title.title),
              h('p', { class: 'muted' }, describeTitle(title)),
              h('button', { type: 'button', 'aria-describedby': headingId, onclick: () => choose(title) }, 'Request this title'));
          }))
          : h('p', {}, 'Nothing in the catalogue matches. Check the spelling, or try the ISBN.'));
    } catch (error) {
      showError(findForm, error);
    }
  });

  // -- 2. the request ------------------------------------------------------------------------------
  async function choose(title) {
    const idempotencyKey = crypto.randomUUID();
    const issues = title.copies.filter((copy) => copy.volume || copy.issue);
    const alert = formAlert();
    alert.tabIndex = -1;
    const kind = radios('Who is it for?', 'request_type', [
      ['patron_digitization', 'For my own study'],
      ['course_related_digitization', 'For a course I teach or take'],
    ], 'patron_digitization', 'request_type');
    const whole = radios('What do you need?', 'scope', [
      ['part', 'Part of it: chapters, pages or an article'],
      ['whole', 'The whole item'],
    ], 'part', 'partial');
    const partFields = h('fieldset', {},
      h('legend', {}, 'The part you need'),
      field({ label: 'Chapters', name: 'chapters', hint: 'Numbers separated by commas, e.g. 3, 4', field: 'chapters' }),
      field({ label: 'Pages', name: 'pages', hint: 'Page ranges, e.g. 15-20, 35-40', field: 'pages' }),
      field({ label: 'Article title', name: 'article_title', field: 'article_title' }));
    const courseFields = h('fieldset', { hidden: true },
      h('legend', {}, 'The course'),
      field({ label: 'Course ID', name: 'course_id', field: 'course.id', hint: 'e.g. HIST101' }),
      h('div', { class: 'row' },
        field({ label: 'Course starts', name: 'course_start', type: 'date', field: 'course.start' }),
        field({ label: 'Course ends', name: 'course_end', type: 'date', field: 'course.end' })));
    const datesFields = h('fieldset', {},
      h('legend', {}, 'When you need it (optional)'),
      h('div', { class: 'row' },
        field({ label: 'Needed from', name: 'date_available_from', type: 'date', field: 'date_available_from' }),
        field({ label: 'Needed until', name: 'date_available_to', type: 'date', field: 'date_available_to' })));
    const issueField = issues.length
      ? field({
        label: 'Issue',
        name: 'barcode',
        type: 'select',
        field: 'item.barcode',
        options: [['', 'Choose an issue'], ...issues.map((copy) => [copy.barcode,
          [copy.volume && `Volume ${copy.volume}`, copy.issue && `issue ${copy.issue}`, copy.chronology_year].filter(Boolean).join(', ')])],
      })
      : null;
    const declarationId = uid('declaration');
    const declaration = h('div', { class: 'declaration', id: declarationId, tabindex: '0', role: 'region', 'aria-label': 'Copyright declaration text' }, 'Loading the declaration…');
    const accept = checkbox({ label: 'I have read the copyright declaration and accept it', name: 'accept', field: 'accept', describedBy: declarationId });
    const form = h('form', { novalidate: true, 'aria-labelledby': 'request-heading' },
      h('h2', { id: 'request-heading' }, `Request: ${title.title}`),
      h('p', { class: 'muted' }, describeTitle(title)),
      alert,
      field({ label: 'Title', name: 'mms_id_shown', value: title.title, attributes: { readonly: true }, field: 'item.mms_id' }),
      issueField,
      kind, whole, partFields, courseFields, datesFields,
      h('h3', {}, 'Copyright declaration'),
      declaration,
      accept,
      h('div', { class: 'actions' },
        h('button', { type: 'submit' }, 'Send request'),
        h('button', { type: 'button', class: 'secondary', onclick: () => { formSlot.replaceChildren(); findForm.querySelector('input').focus(); } }, 'Choose another title')));
    formSlot.replaceChildren(form);
    form.querySelector('h2').tabIndex = -1;
    form.querySelector('h2').focus();

    form.addEventListener('change', () => {
      const chosen = values(form);
      courseFields.hidden = chosen.request_type !== 'course_related_digitization';
      partFields.hidden = chosen.scope === 'whole';
    });

    // The handler is in place before anything is awaited: a quick click never submits the page itself.
    let declarationShown = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const chosen = values(form);
      if (!declarationShown) {
        showFieldError(form, 'accept', 'The copyright declaration has not been shown yet: wait for it, or reload the page.');
        return;
      }
      if (!chosen.accept) {
        showFieldError(form, 'accept', 'Tick the box to accept the copyright declaration before you send the request.');
        form.querySelector('[data-field="accept"]').focus();
        return;
      }
      const partial = chosen.scope !== 'whole';
      const body = {
        request_type: chosen.request_type,
        item: { mms_id: title.mms_id, ...(chosen.barcode ? { barcode: chosen.barcode } : {}) },
        partial,
      };
      if (issues.length && !chosen.barcode) {
        showFieldError(form, 'item.barcode', 'Choose the issue you need.');
        form.querySelector('[data-field="item.barcode"]').focus();
        return;
      }
      if (partial) {
        const chapters = chosen.chapters.split(/[,;]+/).map((chapter) => chapter.trim()).filter(Boolean);
        if (chapters.length) body.chapters = chapters;
        if (chosen.pages) body.pages = chosen.pages;
        if (chosen.article_title) body.article_title = chosen.article_title;
      }
      if (chosen.request_type === 'course_related_digitization') {
        body.course = { id: chosen.course_id };
        if (chosen.course_start) body.course.start = chosen.course_start;
        if (chosen.course_end) body.course.end = chosen.course_end;
        if (!chosen.course_id) {
          showFieldError(form, 'course.id', 'Give the course ID.');
          form.querySelector('[data-field="course.id"]').focus();
          return;
        }
      }
      if (chosen.date_available_from) body.date_available_from = chosen.date_available_from;
      if (chosen.date_available_to) body.date_available_to = chosen.date_available_to;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const created = await api('POST', '/requests', { body, headers: { 'Idempotency-Key': idempotencyKey } });
        navigate(`/requests?created=${encodeURIComponent(created.id)}`);
      } catch (error) {
        showError(form, error);
        if (!form.querySelector('[aria-invalid="true"]')) alert.focus();
      } finally {
        button.disabled = false;
      }
    });

    try {
      const shown = await api('GET', `/copyright-declarations/${DECLARATION}`);
      declaration.textContent = shown.shown.text;
      if (shown.shown.language) declaration.setAttribute('lang', shown.shown.language);
      declarationShown = true;
    } catch (error) {
      declaration.textContent = `The declaration could not be loaded: ${error.message} Reload the page to try again.`;
    }
  }
}
