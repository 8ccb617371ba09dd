// Settings (SPEC §7): every staff role reads them; a fulfillment administrator changes them.

import { api } from '../api.js';
import { clearErrors, field, formAlert, formatDate, h, notice, showError, values } from '../dom.js';
import { historyDisclosure } from '../history.js';

const FIELDS = [
  { name: 'document_delivery_cleanup_days', label: 'Days delivery files are kept', type: 'number', hint: '1 to 365: download links and their files go after this many days' },
  { name: 'download_reuse_window_seconds', label: 'Seconds a download can be resumed without counting', type: 'number', hint: '0 to 86400; 0 counts every download' },
  { name: 'max_file_size_mb', label: 'Largest file (MB)', type: 'number', hint: '1 to 10' },
  { name: 'access_right_default_policy', label: 'Access to digital objects without a policy', type: 'select', options: [['deny', 'Deny'], ['allow', 'Allow']] },
  { name: 'rs_borrower_copyright_management', label: 'Resource sharing copyright management', type: 'select', options: [['false', 'Off'], ['true', 'On']] },
];

export async function settingsPage({ show, session }) {
  const current = await api('GET', '/settings');
  const changed = current.updated_at ? h('p', { class: 'muted' }, `Last changed by ${current.updated_by} on ${formatDate(current.updated_at)}.`) : null;
  if (!session.groups.includes('fulfillment-admin')) {
    show('Settings', changed,
      h('dl', { class: 'meta' }, FIELDS.map((setting) => [h('dt', {}, setting.label), h('dd', {}, String(current[setting.name]))])),
      h('p', { class: 'muted' }, 'Only a fulfillment administrator can change them.'),
      historyDisclosure('/settings/history'));
    return;
  }
  const alert = formAlert();
  const saved = notice();
  const form = h('form', { novalidate: true, 'aria-label': 'Settings' },
    alert,
    FIELDS.map((setting) => field({
      label: setting.label,
      name: setting.name,
      type: setting.type,
      hint: setting.hint,
      options: setting.options,
      value: String(current[setting.name]),
      field: setting.name,
      attributes: setting.type === 'number' ? { inputmode: 'numeric' } : {},
    })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings')),
    saved);
  let history = historyDisclosure('/settings/history');
  show('Settings', changed, form, history);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    saved.textContent = '';
    const chosen = values(form);
    const patch = {};
    for (const setting of FIELDS) {
      const text = chosen[setting.name];
      if (text === String(current[setting.name])) continue;
      if (setting.type === 'number') patch[setting.name] = text === '' ? null : Number(text);
      else if (setting.name === 'rs_borrower_copyright_management') patch[setting.name] = text === 'true';
      else patch[setting.name] = text;
    }
    if (!Object.keys(patch).length) {
      saved.textContent = 'Nothing to save: no setting was changed.';
      return;
    }
    try {
      const after = await api('PATCH', '/settings', { body: patch });
      Object.assign(current, after);
      saved.textContent = 'Settings saved.';
      const fresh = historyDisclosure('/settings/history'); // with this change in it
      history.replaceWith(fresh);
      history = fresh;
    } catch (error) {
      showError(form, error);
    }
  });
}
