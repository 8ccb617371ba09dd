// Compliance reports (SPEC §11), for every staff role: CONTU's rule of five per periodical and year,
// and the CLA limit per course and work; each on screen and as CSV.

import { api } from '../api.js';
import { clearErrors, field, formAlert, h, showError, values } from '../dom.js';

function saveCsv(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function reportForm({ heading, label, name, value, type, hint, path, render, file }) {
  const alert = formAlert();
  const result = h('div', { 'aria-live': 'polite' });
  const csv = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Download CSV');
  const form = h('form', { novalidate: true, 'aria-labelledby': `${name}-heading` },
    h('h2', { id: `${name}-heading` }, heading),
    alert,
    h('div', { class: 'row' },
      field({ label, name, type, value, hint, field: name }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show report'), csv)),
    result);
  let shown = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const query = { [name]: values(form)[name] };
    try {
      const report = await api('GET', path, { query });
      shown = query;
      result.replaceChildren(...render(report));
      csv.disabled = false;
    } catch (error) {
      showError(form, error);
    }
  });
  csv.addEventListener('click', async () => {
    try {
      const text = await api('GET', path, { query: { ...shown, format: 'csv' }, headers: { Accept: 'text/csv' }, raw: true });
      saveCsv(text, file(shown));
    } catch (error) {
      showError(form, error);
    }
  });
  return form;
}

// The top periodicals as bars, the limit of five marked on each: the figures are in the text, the bars are
// decoration (widths are set through the DOM, which the CSP allows, not through style attributes).
function topPeriodicals(rows, year) {
  const top = rows.slice(0, 10);
  const scale = Math.max(6, ...top.map((row) => row.count));
  const limit = top[0]?.limit ?? 5;
  const bars = top.map((row) => {
    const fill = h('span', { class: `fill${row.over_limit ? ' over' : ''}` });
    fill.style.width = `${(row.count / scale) * 100}%`;
    const mark = h('span', { class: 'limit' });
    mark.style.left = `${(limit / scale) * 100}%`;
    return h('li', {},
      h('span', { class: 'label' }, row.title || row.issn),
      h('span', { class: 'track', 'aria-hidden': 'true' }, fill, mark),
      h('span', { class: 'value' }, `${row.count}${row.over_limit ? ' (over)' : ''}`));
  });
  return h('figure', { class: 'chart' },
    h('figcaption', {}, `Top periodicals copied in ${year}, by copies (the line marks the limit of ${limit})`),
    h('ol', { class: 'bars' }, bars));
}

function verdict(over) {
  return h('span', { class: `status ${over ? 'rejected' : 'approved'}` }, over ? 'Over the limit' : 'Within the limit');
}

export async function reportsPage({ show }) {
  const contu = reportForm({
    heading: 'CONTU: rule of five',
    label: 'Year',
    name: 'year',
    type: 'number',
    value: String(new Date().getUTCFullYear()),
    hint: 'Articles copied in that year from issues of the five years before, per periodical',
    path: '/reports/contu',
    file: (query) => `contu-${query.year}.csv`,
    render: (report) => (report.periodicals.length
      ? [topPeriodicals(report.periodicals, report.year),
        h('ul', { class: 'cards', 'aria-label': `Periodicals copied in ${report.year}` }, report.periodicals.map((row) => h('li', { class: `card${row.over_limit ? ' over' : ''}` },
        h('h3', {}, row.title),
        h('dl', { class: 'meta' },
          h('dt', {}, 'ISSN'), h('dd', {}, row.issn),
          h('dt', {}, 'Copies'), h('dd', {}, `${row.count} of ${row.limit} `, verdict(row.over_limit)),
          h('dt', {}, 'Requests'), h('dd', {}, row.request_ids.join(', '))))))]
      : [h('p', {}, `No article was copied in ${report.year} from a recent issue.`)]),
  });
  const cla = reportForm({
    heading: 'CLA: copying for a course',
    label: 'Course ID',
    name: 'course',
    type: 'text',
    value: '',
    hint: 'Per work: the pages copied for the course against 10% or one chapter, whichever is greater',
    path: '/reports/cla',
    file: (query) => `cla-${query.course}.csv`,
    render: (report) => (report.works.length
      ? [h('ul', { class: 'cards', 'aria-label': `Works copied for ${report.course}` }, report.works.map((row) => h('li', { class: `card${row.over_limit ? ' over' : ''}` },
        h('h3', {}, row.title),
        h('dl', { class: 'meta' },
          h('dt', {}, 'Pages copied'), h('dd', {}, row.total_pages ? `${row.pages_copied} of ${row.total_pages} (${row.percent}%)` : `${row.pages_copied}`),
          h('dt', {}, 'Chapters'), h('dd', {}, String(row.chapters)),
          h('dt', {}, 'Limit'), h('dd', {}, `${row.limit} `, verdict(row.over_limit)),
          h('dt', {}, 'Requests'), h('dd', {}, row.request_ids.join(', '))))))]
      : [h('p', {}, `Nothing has been copied for ${report.course}.`)]),
  });
  show('Compliance reports', h('p', {}, 'Copies counted are those not rejected or cancelled.'), contu, cla);
}
