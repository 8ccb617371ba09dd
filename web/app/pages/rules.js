// The digitization and copyright rules (fulfillment administrators): the ordered list, enable/disable,
// move up and down, duplicate, add, edit and delete (the form is rule-editor.js); and the dry run —
// which rule would apply to a request, and why each earlier rule did not, clause by clause.

import { api } from '../api.js';
import { announce, clearErrors, field, formAlert, focusAfterReload, formatDate, h, isStale, showError, values } from '../dom.js';
import { historyDisclosure } from '../history.js';
import { clauseLabel, ruleEditor } from '../rule-editor.js';

const TARGETS = {
  document_delivery_link: 'a download link',
  document_delivery_attachment: 'an e-mail attachment',
  digital_inventory: 'the digital repository',
};
const OPERATORS = { '=': 'is', '!=': 'is not', '>': 'is more than', '<': 'is less than', in_list: 'is one of', not_in_list: 'is none of', is_empty: 'is empty', is_not_empty: 'is not empty', contains: 'contains' };

function shown(value) {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
  return String(value);
}

function clauseText(clause) {
  return `${clauseLabel(clause.name)} ${OPERATORS[clause.operator] || clause.operator} ${['is_empty', 'is_not_empty'].includes(clause.operator) ? '' : shown(clause.value)}`.trim();
}

function outputText(output) {
  const tasks = [];
  for (const [key, label] of [['approval', 'approval'], ['copyright_clearance', 'copyright clearance']]) {
    const setting = output[key] || {};
    if (setting.required) tasks.push(`${label} (${(setting.mode || 'parallel').replace('_', ' ')})`);
  }
  const target = TARGETS[output.target] || output.target;
  const views = output.max_views ? `, ${output.max_views} downloads` : '';
  return `Delivers to ${target}${views}. ${tasks.length ? `Needs ${tasks.join(' and ')}.` : 'Needs no approval.'}`;
}

function ruleBody(rule, changes = {}) {
  // `version`: the rule as this page read it; a colleague's change since is a 409, not overwritten.
  return { name: rule.name, description: rule.description, enabled: rule.enabled, clauses: rule.clauses, output: rule.output, version: rule.version, ...changes };
}

export async function rulesPage({ show }) {
  const alert = formAlert();
  const list = h('ol', { class: 'cards', 'aria-label': 'Rules, in the order they are tried' });
  const adding = h('section', { 'aria-labelledby': 'add-rule-heading' });
  const dryRun = h('section', { 'aria-labelledby': 'dry-heading' });
  show('Digitization and copyright rules',
    h('p', {}, 'Rules are tried in this order; the first enabled rule whose clauses all hold applies. The default rule is always last.'),
    alert, list, adding, dryRun);
  let rules = [];
  const [clauseTypes, policies, publishers] = await Promise.all([
    api('GET', '/rule-clauses'), api('GET', '/access-rights'), api('GET', '/copyright-publishers')]);
  // The Publisher clause compares with the Copyright Publishers code table: offer its codes by name.
  const catalogue = clauseTypes.map((type) => (type.name === 'publisher' && publishers.length
    ? { ...type, choices: publishers.map((p) => p.code), labels: Object.fromEntries(publishers.map((p) => [p.code, `${p.name} (${p.code})`])) }
    : type));

  /** The rule form, sent with `send(body)`; on success the list reloads with focus on `focusOf(saved)`. */
  function editor(rule, label, submitText, send, focusOf) {
    const form = ruleEditor({ rule, catalogue, policies, label, submitText });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      // A number field holding what is not a number reads as empty: say so rather than send nothing
      const unreadable = [...form.querySelectorAll('input[type="number"]')].find((input) => input.validity.badInput);
      if (unreadable) return showError(form, { field: unreadable.dataset.field, message: 'Enter a number.' });
      try {
        const saved = await send(form.body());
        await load(focusOf(saved));
        announce(`${saved.name} saved.`);
        if (!rule) renderAdding();
      } catch (error) {
        if (!rule || !isStale(error)) return showError(form, error);
        await load(`rule-${rule.id}`);
        alert.textContent = `${rule.name} was changed by someone else meanwhile. The list now shows their change: make yours again.`;
      }
    });
    return form;
  }

  function renderAdding() {
    adding.replaceChildren(h('h2', { id: 'add-rule-heading', tabindex: '-1' }, 'Add a rule'),
      h('details', {}, h('summary', {}, 'New rule'),
        editor(null, 'New rule', 'Add rule', (body) => api('POST', '/rules', { body }), (saved) => `rule-${saved.id}`)));
  }
  renderAdding();

  async function load(focusId) {
    rules = await api('GET', '/rules');
    list.replaceChildren(...rules.map((rule, index) => card(rule, index)));
    focusAfterReload(focusId);
  }

  async function act(run, message, focusId) {
    alert.textContent = '';
    try {
      await run();
      await load(focusId);
      announce(message);
    } catch (error) {
      if (isStale(error)) {
        await load(focusId);
        alert.textContent = 'A rule was changed by someone else meanwhile. The list now shows their change: make yours again.';
      } else {
        alert.textContent = error.message;
      }
    }
  }

  function card(rule, index) {
    const headingId = `rule-${rule.id}`;
    const enabledId = `enabled-${rule.id}`;
    const enabled = h('input', { type: 'checkbox', id: enabledId, checked: rule.enabled, 'aria-describedby': headingId });
    enabled.addEventListener('change', () => act(
      () => api('PUT', `/rules/${encodeURIComponent(rule.id)}`, { body: ruleBody(rule, { enabled: enabled.checked }) }),
      `${rule.name} is now ${enabled.checked ? 'enabled' : 'disabled'}.`,
      enabledId,
    ));
    const last = index === rules.length - 2; // the rule just above the default rule
    const move = (direction) => act(
      () => api('POST', `/rules/${encodeURIComponent(rule.id)}/move`, { body: { direction } }),
      `${rule.name} moved ${direction}.`,
      `${direction}-${rule.id}`,
    );
    const actions = rule.is_default ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: `up-${rule.id}`, disabled: index === 0, 'aria-describedby': headingId, onclick: () => move('up') }, 'Move up'),
      h('button', { type: 'button', class: 'secondary', id: `down-${rule.id}`, disabled: last, 'aria-describedby': headingId, onclick: () => move('down') }, 'Move down'),
      h('button', {
        type: 'button',
        class: 'secondary',
        'aria-describedby': headingId,
        onclick: () => act(() => api('POST', `/rules/${encodeURIComponent(rule.id)}/duplicate`), `${rule.name} duplicated.`, headingId),
      }, 'Duplicate'),
      h('button', {
        type: 'button',
        class: 'secondary',
        'aria-describedby': headingId,
        onclick: () => act(() => api('DELETE', `/rules/${encodeURIComponent(rule.id)}`), `${rule.name} deleted.`, 'add-rule-heading'),
      }, 'Delete'));
    const edit = h('details', {}, h('summary', {}, 'Edit'),
      editor(rule, `Edit ${rule.name}`, 'Save rule',
        (body) => api('PUT', `/rules/${encodeURIComponent(rule.id)}`, { body: { ...body, version: rule.version } }),
        () => headingId));
    return h('li', { class: 'card' },
      h('article', { 'aria-labelledby': headingId },
        h('h2', { id: headingId, tabindex: '-1' }, `${index + 1}. ${rule.name}`, rule.is_default ? ' (default rule)' : ''),
        rule.description ? h('p', {}, rule.description) : null,
        rule.clauses.length ? h('ul', {}, rule.clauses.map((clause) => h('li', {}, clauseText(clause)))) : h('p', { class: 'muted' }, 'No clauses: applies to everything that reaches it.'),
        h('p', {}, outputText(rule.output)),
        rule.is_default ? null : h('div', { class: 'check' }, enabled, h('label', { for: enabledId }, 'Enabled')),
        actions,
        edit,
        historyDisclosure(`/rules/${encodeURIComponent(rule.id)}/history`)));
  }

  // -- the dry run ---------------------------------------------------------------------------------
  const recent = await api('GET', '/requests', { query: { limit: 25 } });
  const runAlert = formAlert();
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { novalidate: true },
    runAlert,
    field({
      label: 'Request',
      name: 'request_id',
      type: 'select',
      field: 'request_id',
      hint: 'Which rule would apply to it now, and why each earlier rule would not',
      options: [['', 'Choose a request'], ...recent.items.map((request) => [request.id,
        `${request.item.title} — ${request.requester.user_id}, ${request.status.toLowerCase().replace('_', ' ')}, ${formatDate(request.created_at)}`])],
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Run the rules')));
  dryRun.append(h('h2', { id: 'dry-heading' }, 'Dry run'), form, result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const { request_id: requestId } = values(form);
    if (!requestId) {
      showError(form, { field: 'request_id', message: 'Choose a request to run the rules on.' });
      return;
    }
    try {
      const evaluation = await api('POST', '/rules/evaluate', { body: { request_id: requestId } });
      result.replaceChildren(...explain(evaluation));
      result.querySelector('h3').focus();
    } catch (error) {
      showError(form, error);
    }
  });

  function explain(evaluation) {
    const byId = Object.fromEntries(rules.map((rule) => [rule.id, rule]));
    const heading = h('h3', { tabindex: '-1' }, `Applies: ${evaluation.applied_rule.name}`);
    const steps = evaluation.trace.map((entry) => {
      const rule = byId[entry.rule_id];
      const failed = Object.fromEntries(entry.failed_clauses.map((clause) => [`${clause.name} ${clause.operator}`, clause]));
      const verdict = !entry.enabled ? 'disabled: skipped' : entry.matched ? 'applies' : 'does not apply';
      const clauses = (rule ? rule.clauses : entry.failed_clauses).map((clause) => {
        const miss = failed[`${clause.name} ${clause.operator}`];
        return h('li', { class: miss ? 'failed' : 'held' },
          clauseText(clause), ': ',
          miss ? `does not hold (the request has ${shown(miss.actual)})` : 'holds');
      });
      return h('li', {},
        h('strong', {}, entry.name), ` — ${verdict}`,
        entry.others_considered !== null && entry.others_considered !== undefined ? h('span', { class: 'muted' }, ` (compared with ${entry.others_considered} other request${entry.others_considered === 1 ? '' : 's'})`) : null,
        clauses.length ? h('ul', { class: 'clauses' }, clauses) : h('p', { class: 'muted' }, 'No clauses.'));
    });
    return [heading, h('ol', { 'aria-label': 'Rules tried, in order' }, steps)];
  }

  await load();
}
