// The approval requests list (SPEC §3.4): status filter, find, filter by this record; work on a request
// (CC number and dates, note, attachments) and approve or reject it with the fixed reasons. A
// fulfillment services manager decides approval tasks, a digitization manager copyright clearance.

import { api, uploadFile } from '../api.js';
import { announce, clearErrors, controlFor, field, formAlert, formatDate, h, notice, showError, statusBadge, uid, values } from '../dom.js';

const STATES = [['pending', 'Waiting for a decision'], ['approved', 'Approved'], ['rejected', 'Rejected'], ['closed', 'Closed (cancelled or expired)']];
const APPROVE_REASONS = ['Automatic', 'Covered by License', 'Creative Commons', 'Direct Permission Obtained', 'Legal Exception',
  'Open Access', 'Other', 'Out of Print', 'Preprint', 'Primary License', 'Self-Declared', 'SIPX'];
const REJECT_REASONS = ['Other', 'Rejected by Manager', 'Rejected by CCC'];
const TASK_NAMES = { approval: 'Approval', copyright_clearance: 'Copyright clearance' };
const DECIDES = { approval: 'fulfillment-services-manager', copyright_clearance: 'digitization-manager' };

function part(request) {
  if (!request.partial) return 'whole item';
  return [
    request.chapters.length ? `chapter ${request.chapters.join(', ')}` : null,
    request.pages ? `pages ${request.pages}` : null,
    request.article_title ? `“${request.article_title}”` : null,
  ].filter(Boolean).join('; ');
}

function identifiers(item) {
  return [
    item.isbn ? `ISBN ${item.isbn}` : null,
    item.issn ? `ISSN ${item.issn}` : null,
    item.volume ? `vol. ${item.volume}` : null,
    item.issue ? `issue ${item.issue}` : null,
    `MMS ID ${item.mms_id}`,
  ].filter(Boolean).join(' · ');
}

export async function approvalsPage({ show, session }) {
  const params = new URLSearchParams(location.search);
  const filterAlert = formAlert();
  const filters = h('form', { novalidate: true, role: 'search', 'aria-label': 'Filter the approval requests' },
    filterAlert,
    h('div', { class: 'row' },
      field({ label: 'Status', name: 'status', type: 'select', value: params.get('status') || 'pending', options: STATES, field: 'status' }),
      field({ label: 'Find', name: 'find', type: 'search', value: params.get('find') || '', hint: 'Title, requester, ISBN or CC number', field: 'find' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show'))));
  const recordNote = h('div');
  const summary = h('p', { class: 'muted', role: 'status' });
  const list = h('ul', { class: 'cards', 'aria-label': 'Approval requests' });
  show('Approval requests', filters, recordNote, summary, list);
  let recordOf = params.get('record_of');

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    recordOf = null;
    load();
  });

  async function load() {
    const chosen = values(filters);
    clearErrors(filters);
    summary.textContent = 'Loading…';
    recordNote.replaceChildren();
    const query = recordOf ? { record_of: recordOf } : { status: chosen.status, find: chosen.find, limit: 50 };
    try {
      const found = await api('GET', '/approvals', { query });
      if (recordOf) {
        recordNote.append(h('p', { class: 'notice' }, 'Showing every request for the same record (same MMS ID, ISBN, or ISSN, volume and issue). ',
          h('button', { type: 'button', class: 'secondary', onclick: () => { recordOf = null; load(); } }, 'Show the whole list')));
      }
      summary.textContent = found.items.length ? `${found.items.length} request${found.items.length === 1 ? '' : 's'}.` : 'No requests match.';
      list.replaceChildren(...found.items.map(card));
    } catch (error) {
      summary.textContent = '';
      showError(filters, error);
    }
  }

  function card(request) {
    const headingId = `approval-${request.id}`;
    const workId = uid('work');
    const panel = h('div', { id: workId, hidden: true });
    const toggle = h('button', {
      type: 'button',
      class: 'secondary',
      'aria-expanded': 'false',
      'aria-controls': workId,
      'aria-describedby': headingId,
      onclick: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        panel.hidden = !open;
        if (open && !panel.childElementCount) panel.append(...workOn(request));
      },
    }, 'Work on');
    const record = h('button', {
      type: 'button',
      class: 'secondary',
      'aria-describedby': headingId,
      onclick: () => { recordOf = request.id; load(); },
    }, 'Filter by this record');
    const tasks = request.tasks.map((task) => h('li', {}, `${TASK_NAMES[task.type]} (${task.mode}): `, h('span', { class: `status ${task.status}` }, task.status),
      task.reason ? ` — ${task.reason}` : ''));
    return h('li', { class: 'card' },
      h('article', { 'aria-labelledby': headingId },
        h('h2', { id: headingId, tabindex: '-1' }, request.item.title),
        h('p', { class: 'muted' }, identifiers(request.item)),
        h('dl', { class: 'meta' },
          h('dt', {}, 'Request'), h('dd', {}, statusBadge(request.status)),
          h('dt', {}, 'Requested'), h('dd', {}, `${part(request)} by ${request.requester.user_id} (${request.requester.user_group || 'no group'}), ${formatDate(request.created_at)}`),
          request.course ? [h('dt', {}, 'Course'), h('dd', {}, request.course.id)] : null,
          request.applied_rule ? [h('dt', {}, 'Rule'), h('dd', {}, request.applied_rule.name)] : null,
          request.approval.cc_number ? [h('dt', {}, 'CC number'), h('dd', {}, request.approval.cc_number)] : null),
        h('ul', { 'aria-label': 'Tasks' }, tasks),
        h('div', { class: 'actions' }, toggle, record),
        panel));
  }

  function workOn(request) {
    const parts = [];
    // -- CC fields and note
    const ccAlert = formAlert();
    const saved = notice();
    const cc = h('form', { novalidate: true, 'aria-label': 'Copyright clearance details' },
      h('h3', {}, 'Copyright clearance details'),
      h('p', { class: 'muted' }, 'Needed before copyright clearance can be approved.'),
      ccAlert,
      field({ label: 'CC number', name: 'cc_number', value: request.approval.cc_number || '', field: 'cc_number' }),
      h('div', { class: 'row' },
        field({ label: 'CC order date', name: 'cc_order_date', type: 'date', value: request.approval.cc_order_date || '', field: 'cc_order_date' }),
        field({ label: 'CC approval date', name: 'cc_approval_date', type: 'date', value: request.approval.cc_approval_date || '', field: 'cc_approval_date' })),
      field({ label: 'Note', name: 'note', type: 'textarea', value: request.approval.note || '', field: 'note' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save details')),
      saved);
    cc.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(cc);
      saved.textContent = '';
      const chosen = values(cc);
      const body = {};
      for (const name of ['cc_number', 'cc_order_date', 'cc_approval_date', 'note']) if (chosen[name]) body[name] = chosen[name];
      try {
        const updated = await api('PATCH', `/requests/${encodeURIComponent(request.id)}/approval`, { body });
        Object.assign(request, updated);
        saved.textContent = 'Saved.';
      } catch (error) {
        showError(cc, error);
      }
    });
    parts.push(cc);
    parts.push(attachments(request));
    // -- decisions, for the tasks this role decides
    for (const task of request.tasks.filter((t) => t.status === 'pending' && session.groups.includes(DECIDES[t.type]))) {
      parts.push(decision(request, task, 'approve', APPROVE_REASONS, cc), decision(request, task, 'reject', REJECT_REASONS, cc));
    }
    return parts;
  }

  function decision(request, task, verb, reasons, cc) {
    const alert = formAlert();
    const title = verb === 'approve' ? `Approve: ${TASK_NAMES[task.type].toLowerCase()}` : `Reject: ${TASK_NAMES[task.type].toLowerCase()}`;
    const form = h('form', { novalidate: true, 'aria-label': title },
      h('h3', {}, title),
      alert,
      field({ label: verb === 'approve' ? 'Approval reason' : 'Rejection reason', name: 'reason', type: 'select', options: [['', 'Choose a reason'], ...reasons.map((r) => [r, r])], field: 'reason' }),
      field({ label: verb === 'approve' ? 'Approval note' : 'Rejection note', name: 'note', type: 'textarea', field: 'note' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: verb === 'reject' ? 'danger' : null }, verb === 'approve' ? 'Approve' : 'Reject')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const chosen = values(form);
      const body = { task: task.type, reason: chosen.reason };
      if (chosen.note) body.note = chosen.note;
      try {
        await api('POST', `/requests/${encodeURIComponent(request.id)}/${verb}`, { body });
        announce(`${verb === 'approve' ? 'Approved' : 'Rejected'}: “${request.item.title}”.`);
        await load();
        summary.focus?.();
      } catch (error) {
        // Clearance needs the CC number and dates first: that message belongs next to those fields.
        clearErrors(form);
        showError(error.field && !controlFor(form, error.field) && controlFor(cc, error.field) ? cc : form, error);
      }
    });
    return form;
  }

  function attachments(request) {
    const base = `/requests/${encodeURIComponent(request.id)}/attachments`;
    const listed = h('ul', { 'aria-label': 'Attachments' });
    const alert = formAlert();
    const fileId = uid('attachment-file');
    const form = h('form', { novalidate: true, 'aria-label': 'Add an attachment' },
      h('h3', {}, 'Attachments'),
      listed,
      alert,
      h('div', { class: 'field' },
        h('label', { for: fileId }, 'File'),
        h('input', { type: 'file', id: fileId, name: 'file', 'aria-describedby': `${fileId}-error`, dataset: { field: 'file_name' } }),
        h('p', { class: 'error', id: `${fileId}-error` })),
      field({ label: 'URL', name: 'url', type: 'url', field: 'url', hint: 'Optional: where more about it can be found' }),
      field({ label: 'Attachment note', name: 'note', field: 'note' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Add attachment')));

    async function refresh() {
      const found = await api('GET', base);
      listed.replaceChildren(...(found.length ? found.map((attachment) => h('li', {},
        attachment.file_name || attachment.url || 'attachment',
        attachment.note ? ` — ${attachment.note}` : '', ' ',
        attachment.key ? h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Download ${attachment.file_name}`,
          onclick: async () => {
            const link = await api('GET', `${base}/${encodeURIComponent(attachment.id)}`);
            window.open(link.url, '_blank', 'noopener');
          },
        }, 'Download') : null, ' ',
        h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Delete ${attachment.file_name || attachment.url}`,
          onclick: async () => { await api('DELETE', `${base}/${encodeURIComponent(attachment.id)}`); await refresh(); },
        }, 'Delete'))) : [h('li', { class: 'muted' }, 'None yet.')]));
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const file = form.elements.file.files[0];
      const chosen = values(form);
      const body = {};
      if (file) {
        body.file_name = file.name;
        body.content_type = file.type || 'application/pdf';
      }
      if (chosen.url) body.url = chosen.url;
      if (chosen.note) body.note = chosen.note;
      try {
        const made = await api('POST', base, { body });
        if (file && made.upload) await uploadFile(made.upload, file, () => {});
        form.reset();
        await refresh();
        announce('Attachment added.');
      } catch (error) {
        showError(form, error);
      }
    });
    refresh().catch((error) => { alert.textContent = error.message; });
    return form;
  }

  await load();
}
