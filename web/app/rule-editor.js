// The form that adds or edits a digitization and copyright rule (SPEC §4): its name and description,
// its clauses (one row each, offered from GET /rule-clauses so the editor knows what the API knows),
// and its output: where it delivers, and whether approval and copyright clearance are needed and how.
// The API checks everything; its message lands next to the control its field names
// (`clauses[1].value`, `output.approval.reason`).

import { checkbox, field, formAlert, h } from './dom.js';

const OPERATOR_WORDS = {
  '=': 'is', '!=': 'is not', '>': 'is more than', '<': 'is less than', in_list: 'is one of',
  not_in_list: 'is none of', is_empty: 'is empty', is_not_empty: 'is not empty', contains: 'contains',
};
const TARGETS = [
  ['document_delivery_link', 'Document delivery: a download link'],
  ['document_delivery_attachment', 'Document delivery: an e-mail attachment'],
  ['digital_inventory', 'Digital inventory: a representation in the repository'],
];
const MODES = [['parallel', 'In parallel to digitization'], ['blocking', 'Blocks digitization'], ['auto_approved', 'Automatically approved']];
const REASONS = ['Automatic', 'Covered by License', 'Creative Commons', 'Direct Permission Obtained', 'Legal Exception',
  'Open Access', 'Other', 'Out of Print', 'Preprint', 'Primary License', 'Self-Declared', 'SIPX'];
const LISTS = ['in_list', 'not_in_list'];
const VALUELESS = ['is_empty', 'is_not_empty'];

export function clauseLabel(name) {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a fixed value reads: its label when the catalogue gives one (a publisher's name), else the value. */
function choiceLabel(type, choice) {
  return type.labels?.[choice] ?? choice.replace(/_/g, ' ');
}

/** One clause row: name, operator, and the value control its type asks for. */
function clauseRow(catalogue, clause, onRemove) {
  const byName = Object.fromEntries(catalogue.map((type) => [type.name, type]));
  const row = h('fieldset', { class: 'condition' }, h('legend', {}, 'Clause'));
  const prefix = () => row.dataset.prefix;
  const nameField = field({ label: 'Clause', name: 'clause_name', type: 'select', field: 'clause_name', value: clause?.name,
    options: catalogue.map((type) => [type.name, clauseLabel(type.name)]) });
  const select = nameField.querySelector('select');
  const help = h('p', { class: 'hint' });
  const operatorSlot = h('div', {});
  const valueSlot = h('div', {});
  row.append(nameField, help, operatorSlot, valueSlot,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { row.remove(); onRemove(); } }, 'Remove clause')));

  function renderValue(type, operator, value) {
    const at = `${prefix()}.value`;
    if (type.value === 'ignored' || VALUELESS.includes(operator)) {
      valueSlot.replaceChildren(h('p', { class: 'muted' }, 'No value.'));
      return;
    }
    if (type.value === 'boolean') {
      valueSlot.replaceChildren(field({ label: 'Value', name: 'clause_value', type: 'select', field: at, value: String(value ?? true), options: [['true', 'true'], ['false', 'false']] }));
    } else if (type.value === 'year') {
      const relative = value && typeof value === 'object';
      valueSlot.replaceChildren(
        field({ label: 'Year', name: 'clause_year_kind', type: 'select', field: `${at}_kind`, value: relative ? 'relative' : 'year', options: [['year', 'A year'], ['relative', 'Within the last N years (with is / is not)']] }),
        field({ label: 'Value', name: 'clause_value', type: 'number', field: at, value: relative ? value.within_last_years : value ?? '', attributes: { inputmode: 'numeric' } }));
    } else if (type.value !== 'text') {
      valueSlot.replaceChildren(field({ label: 'Value', name: 'clause_value', type: 'number', field: at, value: value ?? '', hint: type.value === 'percentage' ? '0 to 100' : null, attributes: { inputmode: 'decimal', min: '0' } }));
    } else if (type.choices && operator !== 'contains') {
      // Offered as stored: the API compares these without regard to case but keeps the spelling it was
      // sent ("Active"), and a stored value the catalogue no longer has (a publisher since removed)
      // stays offered, so a save that changes nothing sends back what is stored.
      const stored = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && v !== '').map(String);
      const spelled = new Map(stored.map((v) => [v.toLowerCase(), v]));
      const known = new Set(type.choices.map((c) => c.toLowerCase()));
      const offered = [...type.choices.map((c) => spelled.get(c.toLowerCase()) ?? c), ...stored.filter((v) => !known.has(v.toLowerCase()))];
      row.stored = stored;
      if (LISTS.includes(operator)) {
        const boxes = offered.map((choice, i) => {
          const box = checkbox({ label: choiceLabel(type, choice), name: `clause_choice_${i}`, checked: spelled.has(choice.toLowerCase()), field: at });
          box.querySelector('input').dataset.value = choice;
          return box;
        });
        valueSlot.replaceChildren(h('fieldset', { class: 'choices' }, h('legend', {}, 'Values'), boxes));
      } else {
        valueSlot.replaceChildren(field({ label: 'Value', name: 'clause_value', type: 'select', field: at, value: stored[0] ?? offered[0], options: offered.map((choice) => [choice, choiceLabel(type, choice)]) }));
      }
    } else {
      const text = Array.isArray(value) ? value.join(', ') : value ?? '';
      valueSlot.replaceChildren(field({ label: 'Value', name: 'clause_value', field: at, value: text, hint: LISTS.includes(operator) ? 'Several, separated by commas' : null }));
    }
  }

  function render(operator, value) {
    const type = byName[select.value];
    help.textContent = type.description;
    const chosen = type.operators.includes(operator) ? operator : type.operators[0];
    const operatorField = field({ label: 'Operator', name: 'clause_operator', type: 'select', field: `${prefix()}.operator`, value: chosen,
      options: type.operators.map((op) => [op, OPERATOR_WORDS[op] || op]) });
    operatorField.querySelector('select').addEventListener('change', (event) => renderValue(type, event.target.value, null));
    operatorSlot.replaceChildren(operatorField);
    renderValue(type, chosen, value);
  }
  select.addEventListener('change', () => render(null, null));
  row.render = () => render(clause?.operator, clause?.value);

  /** The clause as the API takes it. */
  row.clause = () => {
    const type = byName[select.value];
    const operator = row.querySelector('[name="clause_operator"]').value;
    const read = (name) => row.querySelector(`[name="${name}"]`)?.value.trim() ?? '';
    const number = (text) => (text === '' ? null : Number(text));
    let value = null;
    if (type.value === 'ignored' || VALUELESS.includes(operator)) value = null;
    else if (type.value === 'boolean') value = read('clause_value') === 'true';
    else if (type.value === 'year') value = read('clause_year_kind') === 'relative' ? { within_last_years: number(read('clause_value')) } : number(read('clause_value'));
    else if (type.value !== 'text') value = number(read('clause_value'));
    else if (type.choices && operator !== 'contains' && LISTS.includes(operator)) {
      const checked = [...row.querySelectorAll('input[name^="clause_choice_"]')].filter((box) => box.checked).map((box) => box.dataset.value);
      const kept = (row.stored || []).filter((v) => checked.includes(v)); // in the order stored
      value = [...kept, ...checked.filter((v) => !kept.includes(v))];
    } else if (LISTS.includes(operator)) value = read('clause_value').split(',').map((part) => part.trim()).filter(Boolean);
    else value = read('clause_value');
    return { name: select.value, operator, value };
  };
  return row;
}

/** The output section: target and its settings, and the two tasks. */
function outputFields(output, policies) {
  const target = field({ label: 'Delivery', name: 'target', type: 'select', field: 'output.target', value: output.target, options: TARGETS });
  const link = h('div', {}, field({ label: 'Maximum views', name: 'max_views', type: 'number', field: 'output.max_views', value: output.max_views ?? '',
    hint: '1 to 1000; left empty, the delivery completes without a link', attributes: { inputmode: 'numeric', min: '1' } }));
  const representation = output.representation || {};
  const inventory = h('div', {},
    field({ label: 'Collection', name: 'collection', field: 'output.representation.collection', value: representation.collection ?? '' }),
    field({ label: 'Usage type', name: 'usage_type', type: 'select', field: 'output.representation.usage_type', value: representation.usage_type || 'master', options: [['master', 'Master'], ['derivative', 'Derivative']] }),
    field({ label: 'Access rights policy', name: 'access_rights_policy_id', type: 'select', field: 'output.representation.access_rights_policy_id', value: representation.access_rights_policy_id ?? '',
      options: [['', 'None (the default policy setting decides)'], ...policies.map((policy) => [policy.id, policy.name])] }),
    checkbox({ label: 'Active (discoverable)', name: 'active', checked: representation.active ?? true, field: 'output.representation.active' }),
    checkbox({ label: 'Remote', name: 'remote', checked: representation.remote ?? false, field: 'output.representation.remote' }));
  const show = () => {
    const chosen = target.querySelector('select').value;
    link.hidden = chosen !== 'document_delivery_link';
    inventory.hidden = chosen !== 'digital_inventory';
  };
  target.querySelector('select').addEventListener('change', show);
  show();

  const task = (key, label) => {
    const setting = output[key] || {};
    const mode = field({ label: `${label}: how`, name: `${key}_mode`, type: 'select', field: `output.${key}.mode`, value: setting.mode || 'parallel', options: MODES });
    const reason = field({ label: `${label}: approve reason`, name: `${key}_reason`, type: 'select', field: `output.${key}.reason`, value: setting.reason || 'Automatic', options: REASONS.map((r) => [r, r]) });
    const required = checkbox({ label: `${label} required`, name: `${key}_required`, checked: setting.required ?? false, field: `output.${key}.required` });
    const update = () => {
      const on = required.querySelector('input').checked;
      mode.hidden = !on;
      reason.hidden = !on || mode.querySelector('select').value !== 'auto_approved';
    };
    required.querySelector('input').addEventListener('change', update);
    mode.querySelector('select').addEventListener('change', update);
    update();
    return h('fieldset', {}, h('legend', {}, label), required, mode, reason);
  };
  return h('div', {}, target, link, inventory, task('approval', 'Approval'), task('copyright_clearance', 'Copyright clearance'));
}

/** Read the output section of `form` as the API takes it. */
function readOutput(form, original = {}) {
  const value = (name) => form.querySelector(`[name="${name}"]`);
  const target = value('target').value;
  const output = { target };
  if (target === 'document_delivery_link') output.max_views = value('max_views').value.trim() === '' ? null : Number(value('max_views').value);
  if (target === 'digital_inventory') {
    output.representation = {
      collection: value('collection').value.trim() || null,
      usage_type: value('usage_type').value,
      access_rights_policy_id: value('access_rights_policy_id').value || null,
      active: value('active').checked,
      remote: value('remote').checked,
    };
  }
  for (const key of ['approval', 'copyright_clearance']) {
    const required = value(`${key}_required`).checked;
    const mode = value(`${key}_mode`).value;
    // Mode and reason are kept as stored where the form does not use them, so an edit that leaves
    // them alone changes nothing
    const reason = required && mode === 'auto_approved' ? value(`${key}_reason`).value : original[key]?.reason ?? null;
    output[key] = { required, mode, reason };
  }
  return output;
}

/**
 * A rule form: `rule` null adds one. `onSave(body)` sends it (the caller adds `version`); it resolves
 * on success and throws the API's error otherwise. The default rule takes no clauses.
 */
export function ruleEditor({ rule, catalogue, policies, label, submitText }) {
  const clauses = h('div', {});
  const addClause = h('button', { type: 'button', class: 'secondary', onclick: () => add(null, true) }, 'Add clause');
  const isDefault = Boolean(rule && rule.is_default);
  const form = h('form', { novalidate: true, 'aria-label': label },
    formAlert(),
    field({ label: 'Name', name: 'name', field: 'name', value: rule?.name ?? '' }),
    field({ label: 'Description', name: 'description', field: 'description', value: rule?.description ?? '' }),
    isDefault ? h('p', { class: 'muted' }, 'The default rule applies when no other rule does: it has no clauses.') : h('div', {},
      h('h3', {}, 'Clauses'),
      h('p', { class: 'hint' }, 'All must hold. Filter clauses narrow the other requests that comparison clauses count.'),
      clauses,
      h('div', { class: 'actions' }, addClause)),
    h('h3', {}, 'Output'),
    outputFields(rule?.output || { target: 'document_delivery_link' }, policies),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitText)));

  function renumber() {
    [...clauses.children].forEach((row, index) => {
      row.dataset.prefix = `clauses[${index}]`;
      row.querySelector('legend').textContent = `Clause ${index + 1}`;
      row.querySelector('[name="clause_name"]').dataset.field = `clauses[${index}].name`;
      for (const control of row.querySelectorAll('[data-field]')) {
        control.dataset.field = control.dataset.field.replace(/^clauses\[\d+\]/, `clauses[${index}]`);
      }
    });
  }

  function add(clause, focus) {
    const row = clauseRow(catalogue, clause, () => { renumber(); addClause.focus(); });
    clauses.append(row);
    renumber();
    row.render();
    if (focus) row.querySelector('select').focus();
  }
  for (const clause of rule?.clauses || []) add(clause, false);

  form.body = () => ({
    name: form.querySelector('[name="name"]').value.trim(),
    description: form.querySelector('[name="description"]').value.trim(),
    enabled: rule ? rule.enabled : true,
    clauses: isDefault ? [] : [...clauses.children].map((row) => row.clause()),
    output: readOutput(form, rule?.output),
  });
  return form;
}
