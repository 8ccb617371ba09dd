// Access rights (SPEC §6): the policies that decide who may see and download a digital object. A
// fulfillment administrator adds a policy (its declaration, denied note and the default rule), adds
// rules with their conditions, enables, orders and removes them, duplicates or deletes a policy, and
// reads who changed what. The API checks every condition; its message lands next to the control.

import { api } from '../api.js';
import { announce, checkbox, clearErrors, field, focusAfterReload, formAlert, h, isStale, sayStale, showError, uid, values } from '../dom.js';
import { historyDisclosure, lazyDisclosure } from '../history.js';

const DECLARATIONS = [['', 'None'], ['copyrights_1', 'Copyrights 1'], ['copyrights_2', 'Copyrights 2']];
const OUTPUTS = [['allow_download', 'Allow, with download'], ['allow_view', 'Allow, view only'], ['deny', 'Deny']];
const YES_NO = [['true', 'Yes'], ['false', 'No']];
const OPERATOR_WORDS = {
  '=': 'is', '!=': 'is not', in_list: 'is one of', not_in_list: 'is none of', matches: 'matches',
  before: 'in force', on_or_after: 'over',
};
const EMBARGO_BASES = [
  ['publication_year', 'Publication year'], ['additional_publication_year', 'Additional publication year'],
  ['mms_creation_date', 'Creation of the title record'], ['representation_creation_date', 'Creation of the representation'],
  ['fixed_date', 'A fixed date'],
];
const UNITS = [['years', 'years'], ['months', 'months'], ['weeks', 'weeks']];

/** Each parameter: its words, operators, and how its value is asked for (`kind`). */
const PARAMETERS = {
  user_group: { label: 'User group', operators: ['=', '!=', 'in_list', 'not_in_list'], kind: 'text', hint: 'A user group; for “is one of”, several separated by commas' },
  user_id: { label: 'User ID', operators: ['=', '!=', 'matches'], kind: 'text', hint: 'A user ID, or for “matches” a /regular expression/' },
  registered: { label: 'Registered (signed in)', operators: ['=', '!='], kind: 'boolean' },
  leganto_user: { label: 'Leganto user', operators: ['='], kind: 'boolean' },
  ip_range: { label: 'IP range', operators: ['=', '!='], kind: 'text', hint: 'One IPv4 address, or a range such as 172.16.0.0 - 172.31.255.255' },
  dns: { label: 'Host name (DNS)', operators: ['='], kind: 'text', hint: 'A /regular expression/, such as /.*google(bot)?\\.com$/' },
  concurrent_user: { label: 'Concurrent users', operators: ['='], kind: 'concurrent' },
  embargo: { label: 'Embargo', operators: ['before', 'on_or_after'], kind: 'embargo' },
  restricted_for_all: { label: 'Restricted for all', operators: ['='], kind: 'none' },
};

function outputChoice(output) {
  if (output.access === 'deny') return 'deny';
  return output.allow_download ? 'allow_download' : 'allow_view';
}

function outputFrom(choice) {
  return choice === 'deny' ? { access: 'deny', allow_download: false } : { access: 'allow', allow_download: choice === 'allow_download' };
}

function outputText(output) {
  return Object.fromEntries(OUTPUTS)[outputChoice(output)];
}

function valueText(parameter) {
  const value = parameter.value;
  if (parameter.name === 'concurrent_user') return `at most ${value.users}, for ${value.minutes} minutes each`;
  if (parameter.name === 'embargo') {
    const base = Object.fromEntries(EMBARGO_BASES)[value.base] || value.base;
    const end = value.base === 'fixed_date' ? value.date : `${value.amount} ${value.unit} after the ${base.toLowerCase()}`;
    return parameter.operator === 'before' ? `(until ${end})` : `(since ${end})`;
  }
  if (parameter.name === 'restricted_for_all') return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function parameterText(parameter) {
  const spec = PARAMETERS[parameter.name];
  return [spec ? spec.label : parameter.name, OPERATOR_WORDS[parameter.operator] || parameter.operator, valueText(parameter)]
    .filter(Boolean).join(' ');
}

/** The body of PUT /access-rights/{id}: the policy as the API takes it, with `changes` applied. */
function policyBody(policy, changes = {}) {
  const rules = policy.rules.map(({ id, name, description, enabled, parameters, output }) => ({ id, name, description, enabled, parameters, output }));
  const { name, description, copyright_declaration: declaration, obtrusive, denied_note: deniedNote, default_rule: defaultRule } = policy;
  // `version`: the policy as this page read it, so a colleague's change since is a 409, never lost.
  return { name, description, copyright_declaration: declaration, obtrusive, denied_note: deniedNote, rules, default_rule: defaultRule, version: policy.version, ...changes };
}

/** One condition of a new rule: parameter, operator, and the value controls the parameter asks for. */
function conditionRow(onRemove) {
  const prefix = () => row.dataset.prefix; // `rules.<i>.parameters.<j>`: where the API reports its problems
  const name = field({ label: 'Condition', name: 'name', type: 'select', field: 'name', options: Object.entries(PARAMETERS).map(([key, spec]) => [key, spec.label]) });
  const select = name.querySelector('select');
  const operatorSlot = h('div', {});
  const valueSlot = h('div', {});
  const row = h('fieldset', { class: 'condition' }, h('legend', {}, 'Condition'), name, operatorSlot, valueSlot,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { row.remove(); onRemove(); } }, 'Remove condition')));

  function render() {
    const spec = PARAMETERS[select.value];
    operatorSlot.replaceChildren(field({ label: 'Operator', name: 'operator', type: 'select', field: `${prefix()}.operator`, options: spec.operators.map((op) => [op, OPERATOR_WORDS[op]]) }));
    const value = `${prefix()}.value`;
    const controls = {
      text: () => [field({ label: 'Value', name: 'value', field: value, hint: spec.hint })],
      boolean: () => [field({ label: 'Value', name: 'value', type: 'select', field: value, options: YES_NO })],
      concurrent: () => [
        field({ label: 'Users at once', name: 'users', type: 'number', field: value, attributes: { inputmode: 'numeric', min: '1' } }),
        field({ label: 'Minutes a session lasts', name: 'minutes', type: 'number', field: value, attributes: { inputmode: 'numeric', min: '1' } })],
      embargo: () => [
        field({ label: 'From', name: 'base', type: 'select', field: value, options: EMBARGO_BASES }),
        field({ label: 'Length', name: 'amount', type: 'number', field: value, hint: 'Not for a fixed date', attributes: { inputmode: 'numeric', min: '0' } }),
        field({ label: 'Unit', name: 'unit', type: 'select', field: value, options: UNITS }),
        field({ label: 'Fixed date', name: 'date', type: 'date', field: value, hint: 'Only for a fixed date' })],
      none: () => [h('p', { class: 'muted' }, 'Holds for everyone: no value.')],
    };
    valueSlot.replaceChildren(...controls[spec.kind]());
  }
  select.addEventListener('change', render);
  row.render = render;

  /** The parameter as the API takes it. */
  row.parameter = () => {
    const read = (control) => row.querySelector(`[name="${control}"]`)?.value.trim() ?? '';
    const spec = PARAMETERS[select.value];
    const operator = read('operator');
    const number = (text) => (text === '' ? null : Number(text));
    let value = null;
    if (spec.kind === 'text') {
      value = read('value');
      if (['in_list', 'not_in_list'].includes(operator)) value = value.split(',').map((part) => part.trim()).filter(Boolean);
    } else if (spec.kind === 'boolean') value = read('value') === 'true';
    else if (spec.kind === 'concurrent') value = { users: number(read('users')), minutes: number(read('minutes')) };
    else if (spec.kind === 'embargo') {
      value = read('base') === 'fixed_date'
        ? { base: 'fixed_date', date: read('date') || null }
        : { base: read('base'), amount: number(read('amount')) ?? 0, unit: read('unit') };
    }
    return { name: select.value, operator, value };
  };
  return row;
}

export async function accessRightsPage({ show }) {
  const list = h('ul', { class: 'cards', 'aria-label': 'Access-rights policies' });
  const addAlert = formAlert();
  const add = h('form', { novalidate: true, 'aria-labelledby': 'add-policy' },
    h('h2', { id: 'add-policy', tabindex: '-1' }, 'Add a policy'),
    addAlert,
    field({ label: 'Name', name: 'name', field: 'name' }),
    field({ label: 'Description', name: 'description', field: 'description' }),
    field({ label: 'Copyright declaration', name: 'copyright_declaration', type: 'select', field: 'copyright_declaration', options: DECLARATIONS, hint: 'Shown with the object' }),
    checkbox({ label: 'The viewer must accept the declaration first', name: 'obtrusive', field: 'obtrusive' }),
    field({ label: 'Denied note', name: 'denied_note', field: 'denied_note', hint: 'What a viewer who is refused reads' }),
    field({ label: 'If no rule matches', name: 'default_rule', type: 'select', field: 'default_rule', options: OUTPUTS, value: 'deny' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add policy')));
  show('Access rights',
    h('p', {}, 'A policy decides who may see a digital object and who may download it: its enabled rules are tried in order, the first whose conditions all hold decides, and the default rule decides when none does. With no policy on an object, the setting “Access to digital objects without a policy” decides.'),
    list, add);

  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(add);
    const chosen = values(add);
    const body = { ...chosen, copyright_declaration: chosen.copyright_declaration || null, default_rule: outputFrom(chosen.default_rule), rules: [] };
    try {
      const added = await api('POST', '/access-rights', { body });
      add.reset();
      await load(`policy-${added.id}`);
      announce(`${added.name} added.`);
    } catch (error) {
      showError(add, error);
    }
  });

  async function load(focusId) {
    const policies = await api('GET', '/access-rights');
    list.replaceChildren(...(policies.length ? policies.map(card) : [h('li', { class: 'muted' }, 'No policies yet.')]));
    focusAfterReload(focusId);
  }
  await load();

  function card(policy) {
    const headingId = `policy-${policy.id}`;
    const path = `/access-rights/${encodeURIComponent(policy.id)}`;
    const alert = formAlert();

    async function act(run, message, focusId = headingId) {
      alert.textContent = '';
      try {
        await run();
        await load(focusId);
        announce(message);
      } catch (error) {
        if (!isStale(error)) {
          alert.textContent = error.message;
          return;
        }
        // Someone changed the policy since this page read it: show theirs, and say so on the fresh card.
        await load(headingId);
        sayStale(headingId, policy.name);
      }
    }

    const declaration = policy.copyright_declaration
      ? `Shows ${Object.fromEntries(DECLARATIONS)[policy.copyright_declaration]}${policy.obtrusive ? ', which the viewer must accept first' : ''}.`
      : 'Shows no copyright declaration.';
    const rules = h('ol', { class: 'rules' }, policy.rules.map((rule, index) => {
      const ruleId = `access-rule-${policy.id}-${rule.id}`; // rule ids are unique within a policy only
      const enabledId = `enabled-${policy.id}-${rule.id}`;
      const enabled = h('input', { type: 'checkbox', id: enabledId, checked: rule.enabled, 'aria-describedby': ruleId });
      enabled.addEventListener('change', () => act(
        () => api('PUT', path, { body: policyBody(policy, { rules: policyBody(policy).rules.map((r) => (r.id === rule.id ? { ...r, enabled: enabled.checked } : r)) }) }),
        `${rule.name} is now ${enabled.checked ? 'enabled' : 'disabled'}.`, enabledId));
      const move = (direction) => act(() => api('POST', `${path}/rules/${encodeURIComponent(rule.id)}/move`, { body: { direction } }),
        `${rule.name} moved ${direction}.`, `${direction}-${policy.id}-${rule.id}`);
      return h('li', {},
        h('h3', { id: ruleId, tabindex: '-1' }, rule.name),
        rule.description ? h('p', {}, rule.description) : null,
        rule.parameters.length ? h('ul', {}, rule.parameters.map((parameter) => h('li', {}, parameterText(parameter)))) : h('p', { class: 'muted' }, 'No conditions: holds for everyone.'),
        h('p', {}, `Then: ${outputText(rule.output)}.`),
        h('div', { class: 'check' }, enabled, h('label', { for: enabledId }, 'Enabled')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', id: `up-${policy.id}-${rule.id}`, disabled: index === 0, 'aria-describedby': ruleId, onclick: () => move('up') }, 'Move up'),
          h('button', { type: 'button', class: 'secondary', id: `down-${policy.id}-${rule.id}`, disabled: index === policy.rules.length - 1, 'aria-describedby': ruleId, onclick: () => move('down') }, 'Move down'),
          h('button', {
            type: 'button', class: 'secondary', 'aria-describedby': ruleId,
            onclick: () => act(() => api('PUT', path, { body: policyBody(policy, { rules: policyBody(policy).rules.filter((r) => r.id !== rule.id) }) }), `${rule.name} removed.`),
          }, 'Remove rule')));
    }));

    return h('li', { class: 'card' }, h('article', { 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, policy.name),
      policy.description ? h('p', {}, policy.description) : null,
      h('p', {}, declaration),
      policy.denied_note ? h('p', {}, `Denied note: ${policy.denied_note}`) : null,
      alert,
      policy.rules.length ? rules : h('p', { class: 'muted' }, 'No rules yet.'),
      h('p', {}, `If no rule matches: ${outputText(policy.default_rule)}.`),
      ruleForm(policy, path, headingId),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: () => act(() => api('POST', `${path}/duplicate`), `${policy.name} duplicated.`) }, 'Duplicate policy'),
        h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: () => act(() => api('DELETE', path), `${policy.name} deleted.`, 'add-policy') }, 'Delete policy')),
      relatedTitles(path),
      historyDisclosure(`${path}/history`)));
  }

  /** "Find related digital titles": the representations this policy governs, loaded when opened. */
  function relatedTitles(path) {
    return lazyDisclosure('Digital titles with this policy', async () => {
      const titles = await api('GET', `${path}/representations`);
      return titles.length
        ? h('ul', {}, titles.map((title) => h('li', {}, `${title.title} (MMS ID ${title.mms_id})`,
          title.collection ? `, collection ${title.collection}` : '', title.active ? '' : ', inactive')))
        : h('p', { class: 'muted' }, 'No digital title uses it.');
    });
  }

  /** The "Add a rule" disclosure of a policy: name, conditions (one row each), what it decides. */
  function ruleForm(policy, path, headingId) {
    let index = policy.rules.length; // where the new rule goes: the API's messages name it rules.<index>
    const conditions = h('div', {});
    const addButton = h('button', { type: 'button', class: 'secondary', onclick: () => addCondition() }, 'Add condition');
    const form = h('form', { novalidate: true, 'aria-label': `Add a rule to ${policy.name}` },
      formAlert(),
      field({ label: 'Rule name', name: 'rule_name', field: `rules.${index}.name` }),
      conditions,
      h('div', { class: 'actions' }, addButton),
      field({ label: 'Then', name: 'rule_output', type: 'select', field: `rules.${index}.output`, options: OUTPUTS }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', 'aria-describedby': headingId }, 'Add rule')));
    function renumber() {
      for (const control of form.querySelectorAll('[data-field^="rules."]')) {
        control.dataset.field = control.dataset.field.replace(/^rules\.\d+/, `rules.${index}`);
      }
      [...conditions.children].forEach((row, i) => {
        row.dataset.prefix = `rules.${index}.parameters.${i}`;
        row.querySelector('legend').textContent = `Condition ${i + 1}`;
        row.querySelector('select').dataset.field = `${row.dataset.prefix}.name`;
        for (const control of row.querySelectorAll('[data-field]')) {
          control.dataset.field = control.dataset.field.replace(/^rules\.\d+\.parameters\.\d+/, row.dataset.prefix);
        }
      });
    }
    function addCondition() {
      const row = conditionRow(() => { renumber(); addButton.focus(); });
      conditions.append(row);
      renumber();
      row.render();
      row.querySelector('select')?.focus();
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const chosen = values(form);
      const rule = { name: chosen.rule_name, enabled: true, parameters: [...conditions.children].map((row) => row.parameter()), output: outputFrom(chosen.rule_output) };
      // Added on top of the policy as it is now: a colleague's change since this page read it stays.
      const save = (base) => api('PUT', path, { body: policyBody(base, { rules: [...policyBody(base).rules, rule] }) });
      try {
        try {
          await save(policy);
        } catch (error) {
          if (!isStale(error)) throw error;
          const latest = await api('GET', path);
          index = latest.rules.length;
          renumber();
          await save(latest);
        }
        await load(headingId);
        announce(`${rule.name} added to ${policy.name}.`);
      } catch (error) {
        showError(form, error);
      }
    });
    return h('details', { class: 'add-rule', id: uid('add-rule') }, h('summary', {}, 'Add a rule'), form);
  }
}
