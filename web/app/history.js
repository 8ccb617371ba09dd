// A configuration's change history (GET …/history), as a disclosure that loads when first opened:
// newest first, who did what and which fields changed (from which value to which, when short).
// The settings' history names a `setting` where the others name a `field`, and has no action.

import { api } from './api.js';
import { formatDate, h } from './dom.js';

const ACTIONS = { created: 'created it', changed: 'changed', moved: 'moved it', deleted: 'deleted it', restored: 'restored the shipped wording' };

/** `download reuse window seconds 0 → 300` for a short value, else the field's name alone. */
function describe(item) {
  const name = (item.field || item.setting || '').replace(/_/g, ' ');
  const short = (value) => value === null || ['number', 'boolean'].includes(typeof value) || (typeof value === 'string' && value.length <= 40);
  return short(item.old) && short(item.new) ? `${name} ${item.old ?? 'none'} → ${item.new ?? 'none'}` : name;
}

/** A disclosure whose content `render()` (async, returning nodes) builds when it is first opened. */
export function lazyDisclosure(label, render, className) {
  const summary = h('summary', {}, label);
  const details = h('details', { class: className }, summary, h('p', { class: 'muted' }, 'Loading…'));
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = 'yes';
    try {
      details.replaceChildren(summary, ...[await render()].flat());
    } catch (error) {
      details.dataset.loaded = '';
      details.replaceChildren(summary, h('p', { class: 'alert', role: 'alert' }, error.message));
    }
  });
  return details;
}

export function historyDisclosure(path, { label = 'Changes' } = {}) {
  return lazyDisclosure(label, async () => {
    const page = await api('GET', path, { query: { limit: 25 } });
    const lines = page.items.map((change) => h('li', {},
      `${formatDate(change.at)}: ${change.by} ${ACTIONS[change.action || 'changed'] || change.action}`,
      change.changes.length ? ` (${change.changes.map(describe).join(', ')})` : ''));
    return lines.length ? h('ol', {}, lines) : h('p', { class: 'muted' }, 'No changes recorded.');
  }, 'history');
}
