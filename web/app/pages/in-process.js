// In-process items of a digitization department (the work order operator's page): scan items in by
// barcode, move them to the next step, upload the delivery files straight to S3 (drag and drop,
// several at once, a progress bar each), add URLs, edit a file's name, URL and note, download it, deliver.

import { api, uploadFile } from '../api.js';
import { announce, clearErrors, field, formAlert, formatDate, h, notice, showError, showFieldError, statusBadge, uid, values } from '../dom.js';

const DEPARTMENT_KEY = 'digitization.department';
const STATUSES = [
  ['', 'Any status'],
  ['DIGITIZATION', 'Digitization'],
  ['DOCUMENT_DELIVERY', 'Document delivery'],
  ['DIGITAL_INVENTORY', 'Digital inventory'],
  ['COMPLETED', 'Completed'],
  ['REJECTED', 'Rejected'],
  ['CANCELLED', 'Cancelled'],
];
const TARGETS = {
  document_delivery_link: 'Delivery as a download link',
  document_delivery_attachment: 'Delivery as an e-mail attachment',
  digital_inventory: 'Into the digital repository',
};
const STATUS_NAMES = Object.fromEntries(STATUSES.filter(([code]) => code));
const CANCEL_REASONS = [
  ['', 'Choose a reason'],
  ['cannot_be_fulfilled', 'Cannot be fulfilled'],
  ['item_not_found', 'Item not found'],
  ['copyright_restriction', 'Copyright restriction'],
  ['duplicate_request', 'Duplicate request'],
  ['cancelled_by_patron', 'Cancelled by patron'],
  ['other', 'Other'],
];
const TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff' };

function contentType(file) {
  const extension = file.name.split('.').pop().toLowerCase();
  return TYPES[extension] || file.type || 'application/octet-stream';
}

function part(request) {
  if (!request.partial) return 'whole item';
  return [
    request.chapters.length ? `chapter ${request.chapters.join(', ')}` : null,
    request.pages ? `pages ${request.pages}` : null,
    request.article_title ? `“${request.article_title}”` : null,
  ].filter(Boolean).join('; ');
}

export async function inProcessPage({ show }) {
  const params = new URLSearchParams(location.search);
  const wanted = (params.get('department') || localStorage.getItem(DEPARTMENT_KEY) || 'DIGI-MAIN').toUpperCase();
  const status = params.get('status') || '';
  // The digitization departments the administrator keeps; typed in by hand when they cannot be read.
  let digitizing = [];
  try {
    digitizing = (await api('GET', '/departments')).filter((known) => known.kind === 'digitization');
  } catch {
    digitizing = [];
  }
  const codes = digitizing.map((known) => known.code);
  const department = codes.length && !codes.includes(wanted) ? codes[0] : wanted;
  const departmentField = codes.length
    ? field({ label: 'Department', name: 'department', type: 'select', value: department, options: digitizing.map((known) => [known.code, `${known.name} (${known.code})`]), field: 'department' })
    : field({ label: 'Department', name: 'department', value: department, field: 'department', attributes: { autocomplete: 'off' } });

  const filterAlert = formAlert();
  const filters = h('form', { novalidate: true, 'aria-label': 'Department and status' },
    filterAlert,
    h('div', { class: 'row' },
      departmentField,
      field({ label: 'Status', name: 'status', type: 'select', value: status, options: STATUSES, field: 'status' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show items'))));

  const scanAlert = formAlert();
  const scanned = notice();
  const choices = h('div');
  const scan = h('form', { novalidate: true, 'aria-labelledby': 'scan-heading' },
    h('h2', { id: 'scan-heading' }, 'Scan in'),
    h('p', { class: 'muted' }, 'Scan or type the barcode of an item that arrived at this department.'),
    scanAlert,
    h('div', { class: 'row' },
      field({ label: 'Barcode', name: 'barcode', field: 'barcode', attributes: { autocomplete: 'off', spellcheck: 'false' } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Scan in'))),
    scanned, choices);

  const listHeading = h('h2', { id: 'list-heading' }, 'Items at the department');
  const summary = h('p', { class: 'muted', role: 'status' });
  const listNotice = notice();
  const list = h('ul', { class: 'cards', 'aria-labelledby': 'list-heading' });
  show('In-process items', filters, scan, listHeading, summary, listNotice, list);

  const currentDepartment = () => values(filters).department;

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = values(filters);
    localStorage.setItem(DEPARTMENT_KEY, chosen.department);
    const query = new URLSearchParams({ department: chosen.department, ...(chosen.status ? { status: chosen.status } : {}) });
    history.replaceState({}, '', `${location.pathname}?${query}`);
    load();
  });

  async function scanIn(request) {
    // An electronic item is not scanned in: it is located in the repository (the same rules apply).
    const action = request.item.kind === 'electronic' ? 'locate' : 'scan-in';
    const result = await api('POST', `/requests/${encodeURIComponent(request.id)}/${action}`, { body: { department: currentDepartment() } });
    await shown(result);
  }

  async function scanBarcode(barcode) {
    const department = currentDepartment();
    const result = await api('POST', `/departments/${encodeURIComponent(department)}/scan-in`, { body: { barcode } });
    await shown(result);
  }

  async function shown(result) {
    scanned.textContent = `Scanned in: “${result.item.title}” (${part(result)}) for ${result.requester.user_id}. Rule applied: ${result.applied_rule ? result.applied_rule.name : 'none'}. ${TARGETS[result.target] || ''}.`;
    choices.replaceChildren();
    scan.elements.barcode.value = '';
    scan.elements.barcode.focus();
    await load();
  }

  function placeError(error) {
    if (error.field === 'department') {
      showError(filters, error);
    } else {
      showError(scan, error);
    }
  }

  scan.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(scan);
    clearErrors(filters);
    scanned.textContent = '';
    choices.replaceChildren();
    const { barcode } = values(scan);
    if (!barcode) {
      showFieldError(scan, 'barcode', 'Scan or type a barcode.');
      scan.elements.barcode.focus();
      return;
    }
    try {
      // The department's scan-in finds the one request waiting for the item.
      await scanBarcode(barcode);
      return;
    } catch (error) {
      if (error.status !== 409 || !['barcode', 'item.kind'].includes(error.field)) {
        if (error.status === 404) {
          showFieldError(scan, 'barcode', `No request is waiting for item ${barcode}. Check the barcode.`);
          scan.elements.barcode.focus();
        } else {
          placeError(error);
        }
        return;
      }
      // Several requests wait for the copy (each is scanned in on purpose), none does, or the item is
      // electronic (located, not scanned in): list what waits.
      try {
        const waiting = await api('GET', '/requests', { query: { barcode, status: 'IN_TRANSIT', limit: 25 } });
        if (!waiting.items.length) {
          showFieldError(scan, 'barcode', error.message);
          scan.elements.barcode.focus();
          return;
        }
        choices.replaceChildren(
          h('p', {}, waiting.items.length === 1
            ? `The request waiting for item ${barcode} is for an electronic copy: locate it in the repository.`
            : `${waiting.items.length} requests are waiting for item ${barcode}. Scan in each one you will work on:`),
          h('ul', { class: 'cards' }, waiting.items.map((request) => {
            const id = uid('waiting');
            const label = request.item.kind === 'electronic' ? 'Locate this request' : 'Scan in this request';
            return h('li', { class: 'card' },
              h('p', { id }, `${request.requester.user_id}: ${part(request)} (requested ${formatDate(request.created_at)})`),
              h('button', { type: 'button', 'aria-describedby': id, onclick: () => scanIn(request).catch(placeError) }, label));
          })));
        choices.querySelector('button').focus();
      } catch (listError) {
        placeError(listError);
      }
    }
  });

  async function load() {
    const chosen = values(filters);
    summary.textContent = 'Loading…';
    try {
      const found = await api('GET', '/requests', { query: { department: chosen.department, status: chosen.status, limit: 50 } });
      summary.textContent = found.items.length
        ? `${found.items.length} item${found.items.length === 1 ? '' : 's'} at ${chosen.department}, newest first.`
        : `No items at ${chosen.department}${chosen.status ? ' with that status' : ''}.`;
      list.replaceChildren(...found.items.map((request) => itemCard(request)));
    } catch (error) {
      summary.textContent = '';
      showError(filters, error);
    }
  }

  function itemCard(request) {
    const headingId = `item-${request.id}`;
    const alert = h('p', { class: 'alert', role: 'alert' });
    const done = h('p', { class: 'notice', role: 'status' });
    const actions = h('div', { class: 'actions' });
    const pending = request.tasks.filter((task) => task.status === 'pending');
    if (request.status === 'DIGITIZATION') {
      actions.append(h('button', {
        type: 'button',
        'aria-describedby': headingId,
        onclick: async () => {
          try {
            await api('POST', `/requests/${encodeURIComponent(request.id)}/next-step`, { body: { department: currentDepartment() } });
            announce(`“${request.item.title}” moved to the next step.`);
            await load();
            document.getElementById(headingId)?.focus();
          } catch (error) {
            alert.textContent = error.message;
          }
        },
      }, 'Next step'));
    }
    const atDelivery = ['DOCUMENT_DELIVERY', 'DIGITAL_INVENTORY'].includes(request.status) && !request.delivery;
    const card = h('li', { class: 'card' },
      h('article', { 'aria-labelledby': headingId },
        h('h3', { id: headingId, tabindex: '-1' }, request.item.title),
        h('dl', { class: 'meta' },
          h('dt', {}, 'Status'), h('dd', {}, statusBadge(request.status)),
          h('dt', {}, 'Requested'), h('dd', {}, part(request)),
          h('dt', {}, 'For'), h('dd', {}, request.requester.user_id),
          h('dt', {}, 'Barcode'), h('dd', {}, request.item.barcode || '—'),
          request.target ? [h('dt', {}, 'Target'), h('dd', {}, TARGETS[request.target] || request.target)] : null,
          request.tasks.length ? [h('dt', {}, 'Approval'), h('dd', {}, request.tasks.map((task) => `${task.type.replace('_', ' ')}: ${task.status} (${task.mode})`).join('; '))] : null,
          request.delivery ? [h('dt', {}, 'Delivered'), h('dd', {}, formatDate(request.delivery.delivered_at),
            request.delivery.published_at ? '' : ' — goes out when approved')] : null),
        actions,
        request.allowed_statuses && request.allowed_statuses.length ? statusForm(request, headingId) : null,
        atDelivery ? filesPanel(request, { alert, done, pending }) : null,
        done, alert));
    return card;
  }

  // The Status field: only the statuses the request may move to now (the staff view's allowed_statuses).
  function statusForm(request, headingId) {
    const options = request.allowed_statuses.map((code) => [code, STATUS_NAMES[code] || code]);
    const reason = field({ label: 'Cancellation reason', name: 'reason', type: 'select', options: CANCEL_REASONS, field: 'reason' });
    const form = h('form', { novalidate: true, 'aria-describedby': headingId },
      formAlert(),
      field({ label: 'Status', name: 'status', type: 'select', value: options[0][0], options, field: 'status' }),
      reason,
      field({ label: 'Note', name: 'note', type: 'textarea', field: 'note', attributes: { maxlength: 4000 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Save status')));
    const showReason = () => { reason.hidden = form.elements.status.value !== 'CANCELLED'; };
    form.elements.status.addEventListener('change', showReason);
    showReason();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const chosen = values(form);
      const body = { status: chosen.status, department: currentDepartment(), ...(chosen.note ? { note: chosen.note } : {}) };
      if (chosen.status === 'CANCELLED') body.reason = chosen.reason || null;
      try {
        await api('POST', `/requests/${encodeURIComponent(request.id)}/status`, { body });
        announce(`“${request.item.title}” is now ${STATUS_NAMES[chosen.status] || chosen.status}.`);
        await load();
        document.getElementById(headingId)?.focus();
      } catch (error) {
        showError(form, error);
      }
    });
    return h('details', { class: 'status-change' }, h('summary', {}, 'Change status'), form);
  }

  function filesPanel(request, { alert, done, pending }) {
    const inputId = uid('files');
    const panelHeading = uid('files-heading');
    const progress = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
    const stored = h('ul', { class: 'uploads', 'aria-label': 'Files ready to deliver' });
    const input = h('input', { type: 'file', id: inputId, multiple: true, accept: '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff', class: 'visually-hidden' });
    const zone = h('label', { for: inputId, class: 'dropzone' },
      h('strong', {}, 'Add files'), h('br'), 'Drop PDF, JPEG, PNG or TIFF files here, or press to choose them (10 MB each at most).');
    input.addEventListener('focus', () => zone.classList.add('focused'));
    input.addEventListener('blur', () => zone.classList.remove('focused'));
    const deliver = h('button', { type: 'button', 'aria-describedby': panelHeading }, 'Deliver');

    async function refreshStored() {
      const files = await api('GET', `/requests/${encodeURIComponent(request.id)}/files`);
      stored.replaceChildren(...files.map((file) => documentItem(file)));
      deliver.disabled = !files.some((file) => file.uploaded);
      return files;
    }

    // One delivery document: a file and/or a URL, with a note; download, edit (name, URL, note), remove.
    function documentItem(file) {
      const base = `/requests/${encodeURIComponent(request.id)}/files/${encodeURIComponent(file.file_id)}`;
      const label = file.name || file.url;
      const editor = h('div');
      const edit = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${label}`, 'aria-expanded': 'false' }, 'Edit');
      edit.addEventListener('click', () => {
        if (editor.childElementCount) {
          editor.replaceChildren();
          edit.setAttribute('aria-expanded', 'false');
          return;
        }
        editor.replaceChildren(editForm(file, base, () => { editor.replaceChildren(); edit.setAttribute('aria-expanded', 'false'); edit.focus(); }));
        edit.setAttribute('aria-expanded', 'true');
        editor.querySelector('input')?.focus();
      });
      return h('li', {},
        file.uploaded
          ? `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB) `
          : `${file.name ? `${file.name}: ` : ''}${file.url} `,
        file.uploaded && file.url ? h('span', {}, `${file.url} `) : null,
        file.note ? h('span', { class: 'muted' }, `— ${file.note} `) : null,
        file.uploaded ? h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Download ${label}`,
          onclick: async () => {
            try {
              const link = await api('GET', base);
              window.open(link.url, '_blank', 'noopener');
            } catch (error) {
              alert.textContent = error.message;
            }
          },
        }, 'Download') : null, ' ',
        edit, ' ',
        h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Remove ${label}`,
          onclick: async () => {
            try {
              await api('DELETE', base);
              await refreshStored();
            } catch (error) {
              alert.textContent = error.message;
            }
          },
        }, 'Remove'),
        editor);
    }

    function editForm(file, base, close) {
      const form = h('form', { novalidate: true, 'aria-label': `Edit ${file.name || file.url}` },
        formAlert(),
        field({ label: file.uploaded ? 'File name' : 'Label', name: 'name', value: file.name || '', field: 'name' }),
        field({ label: 'URL', name: 'url', type: 'url', value: file.url || '', field: 'url', hint: 'The letter lists it (attachment and link deliveries)' }),
        field({ label: 'Note', name: 'note', value: file.note || '', field: 'note', hint: 'For staff only' }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit' }, 'Save'),
          h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        const chosen = values(form);
        const body = { url: chosen.url || null, note: chosen.note || null };
        if (chosen.name && chosen.name !== (file.name || '')) body.name = chosen.name;
        try {
          await api('PATCH', base, { body });
          await refreshStored();
          announce('Saved.');
        } catch (error) {
          showError(form, error);
        }
      });
      return form;
    }

    const linkForm = h('form', { novalidate: true, 'aria-label': `Add a URL for “${request.item.title}”` },
      formAlert(),
      h('div', { class: 'row' },
        field({ label: 'URL', name: 'url', type: 'url', field: 'url', hint: 'Optional: a link the letter lists beside the files' }),
        field({ label: 'Note', name: 'note', field: 'note', hint: 'For staff only' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Add URL'))));
    linkForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(linkForm);
      const chosen = values(linkForm);
      try {
        await api('POST', `/requests/${encodeURIComponent(request.id)}/files`, { body: { department: currentDepartment(), url: chosen.url, ...(chosen.note ? { note: chosen.note } : {}) } });
        linkForm.reset();
        await refreshStored();
        announce('URL added.');
      } catch (error) {
        showError(linkForm, error);
      }
    });

    async function send(files) {
      alert.textContent = '';
      const jobs = [...files].map(async (file) => {
        const bar = h('progress', { max: '100', value: '0', 'aria-label': `Uploading ${file.name}` });
        const line = h('li', {}, h('span', {}, file.name), bar);
        progress.append(line);
        try {
          const ticket = await api('POST', `/requests/${encodeURIComponent(request.id)}/files`, { body: { department: currentDepartment(), file_name: file.name, content_type: contentType(file) } });
          await uploadFile(ticket, file, (share) => { bar.value = Math.round(share * 100); });
          line.replaceChildren(h('span', {}, `${file.name}: uploaded`));
        } catch (error) {
          line.replaceChildren(h('span', { class: 'error' }, `${file.name}: ${error.message}`));
        }
      });
      await Promise.all(jobs);
      const ready = (await refreshStored()).filter((file) => file.uploaded);
      announce(`${ready.length} file${ready.length === 1 ? '' : 's'} ready to deliver.`);
    }

    input.addEventListener('change', () => { if (input.files.length) send(input.files).then(() => { input.value = ''; }); });
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer && event.dataTransfer.files.length) send(event.dataTransfer.files);
    });
    deliver.addEventListener('click', async () => {
      alert.textContent = '';
      try {
        const result = await api('POST', `/requests/${encodeURIComponent(request.id)}/deliver`, { body: { department: currentDepartment() } });
        listNotice.textContent = result.status === 'COMPLETED'
          ? `Delivered “${request.item.title}”: ${request.requester.user_id} has been sent the letter.`
          : `Delivered “${request.item.title}”. It goes out to ${request.requester.user_id} as soon as the approval is given.`;
        await load();
      } catch (error) {
        alert.textContent = error.message;
      }
    });
    refreshStored().catch((error) => { alert.textContent = error.message; });
    return h('section', { 'aria-labelledby': panelHeading },
      h('h4', { id: panelHeading }, `Files for “${request.item.title}”`),
      pending.length ? h('p', { class: 'muted' }, 'Approval is still pending: you can upload and deliver now; the patron gets it once approved.') : null,
      input, zone, progress, linkForm,
      h('p', { class: 'label' }, 'Ready to deliver'), stored,
      h('div', { class: 'actions' }, deliver));
  }

  await load();
}
