// The web app's shell: the router, the navigation each role gets, sign-in (a page when signed out, a
// dialog when a sign-in expires in the middle of something), sign-out.

import { onSignInNeeded } from './api.js';
import { current, hasRole, isStaff, NewPasswordRequired, ROLES, setNewPassword, signIn, signOut } from './auth.js';
import { clearErrors, field, formAlert, h, showFieldError, values } from './dom.js';
import { accessRightsPage } from './pages/access-rights.js';
import { approvalsPage } from './pages/approvals.js';
import { codeTablesPage } from './pages/code-tables.js';
import { declarationsPage } from './pages/declarations.js';
import { departmentsPage } from './pages/departments.js';
import { downloadPage } from './pages/download.js';
import { inProcessPage } from './pages/in-process.js';
import { lettersPage } from './pages/letters.js';
import { myRequestsPage } from './pages/my-requests.js';
import { newRequestPage } from './pages/new-request.js';
import { reportsPage } from './pages/reports.js';
import { rulesPage } from './pages/rules.js';
import { settingsPage } from './pages/settings.js';

const OPERATOR = 'work-order-operator';
const APPROVERS = ['fulfillment-services-manager', 'digitization-manager'];
const ADMIN = 'fulfillment-admin';
const STAFF = [OPERATOR, ...APPROVERS, ADMIN];

const ROUTES = [
  { pattern: /^\/requests\/?$/, page: myRequestsPage, roles: ['patron'], nav: 'My requests' },
  { pattern: /^\/requests\/new\/?$/, page: newRequestPage, roles: ['patron'], nav: 'Request a copy' },
  { pattern: /^\/d\/([^/]+)\/?$/, page: downloadPage, roles: null },
  { pattern: /^\/staff\/in-process\/?$/, page: inProcessPage, roles: [OPERATOR], nav: 'In process' },
  { pattern: /^\/staff\/approvals\/?$/, page: approvalsPage, roles: APPROVERS, nav: 'Approvals' },
  { pattern: /^\/staff\/rules\/?$/, page: rulesPage, roles: [ADMIN], nav: 'Rules' },
  { pattern: /^\/staff\/access-rights\/?$/, page: accessRightsPage, roles: [ADMIN], nav: 'Access rights' },
  { pattern: /^\/staff\/reports\/?$/, page: reportsPage, roles: STAFF, nav: 'Reports' },
  { pattern: /^\/staff\/departments\/?$/, page: departmentsPage, roles: STAFF, nav: 'Departments' },
  { pattern: /^\/staff\/letters\/?$/, page: lettersPage, roles: STAFF, nav: 'Letters' },
  { pattern: /^\/staff\/declarations\/?$/, page: declarationsPage, roles: STAFF, nav: 'Declarations' },
  { pattern: /^\/staff\/code-tables\/?$/, page: codeTablesPage, roles: STAFF, nav: 'Code tables' },
  { pattern: /^\/staff\/settings\/?$/, page: settingsPage, roles: STAFF, nav: 'Settings' },
];

const PATHS = {
  'My requests': '/requests',
  'Request a copy': '/requests/new',
  'In process': '/staff/in-process',
  Approvals: '/staff/approvals',
  Rules: '/staff/rules',
  'Access rights': '/staff/access-rights',
  Reports: '/staff/reports',
  Departments: '/staff/departments',
  Letters: '/staff/letters',
  Declarations: '/staff/declarations',
  'Code tables': '/staff/code-tables',
  Settings: '/staff/settings',
};

const main = () => document.getElementById('main');

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  render();
}

function home(session) {
  if (hasRole(session, 'patron')) return '/requests';
  const first = ROUTES.find((route) => route.nav && hasRole(session, ...(route.roles || [])));
  return first ? PATHS[first.nav] : null;
}

function renderChrome(session) {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  who.replaceChildren();
  nav.replaceChildren();
  if (!session) return;
  const roleNames = session.groups.map((group) => ROLES[group]).filter(Boolean).join(', ');
  who.append(
    h('span', {}, `Signed in as ${session.username}`, roleNames ? ` (${roleNames})` : ''),
    h('button', { type: 'button', class: 'secondary', onclick: async () => { await signOut(); navigate('/'); } }, 'Sign out'),
  );
  const here = location.pathname.replace(/\/$/, '') || '/';
  const links = ROUTES.filter((route) => route.nav && hasRole(session, ...(route.roles || [])))
    .map((route) => {
      const path = PATHS[route.nav];
      return h('li', {}, h('a', { href: path, 'aria-current': here === path ? 'page' : null }, route.nav));
    });
  if (links.length) nav.append(h('ul', {}, links));
}

let loaded = false; // the first page of a visit keeps the browser's own start (the skip link first)

/** Show `content` as the page titled `title`; after the first page, focus goes to its heading, so a
 * screen reader announces the new page as it would after a page load. */
export function show(title, ...content) {
  document.title = `${title} · Library digitization`;
  const heading = h('h1', { tabindex: '-1' }, title);
  main().replaceChildren(heading, ...content.filter((part) => part !== null && part !== undefined && part !== false));
  if (loaded) heading.focus();
  return main();
}

export async function render() {
  const session = current();
  renderChrome(session);
  const path = location.pathname;
  const route = ROUTES.find((candidate) => candidate.pattern.test(path));
  if (!session) {
    signInPage(path.startsWith('/d/')
      ? 'Sign in to download your copy. Opening this page uses none of the link’s downloads.'
      : null);
    return;
  }
  if (path === '/' || !route) {
    const target = path === '/' ? home(session) : null;
    if (target) {
      navigate(target, { replace: true });
      return;
    }
    show('Page not found', h('p', {}, 'There is no such page. ', h('a', { href: '/' }, 'Go to the start page.')));
    return;
  }
  if (route.roles && !hasRole(session, ...route.roles)) {
    show('Not available to you', h('p', {}, 'Your role does not give access to this page. ', h('a', { href: '/' }, 'Go to the start page.')));
    return;
  }
  const match = path.match(route.pattern);
  try {
    await route.page({ params: match.slice(1).map(decodeURIComponent), session, navigate, show });
  } catch (error) {
    show('Something went wrong', h('p', { class: 'alert', role: 'alert' }, error.message || String(error)),
      h('p', {}, h('a', { href: location.pathname }, 'Try again')));
  }
}

// -- signing in ------------------------------------------------------------------------------------

function signInForm(onDone, intro) {
  const alert = formAlert();
  alert.tabIndex = -1;
  const form = h('form', { novalidate: true, class: 'sign-in' },
    intro ? h('p', {}, intro) : null,
    alert,
    field({ label: 'Username', name: 'username', attributes: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } }),
    field({ label: 'Password', name: 'password', type: 'password', attributes: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const { username, password } = values(form);
    let missing = false;
    if (!username) missing = showFieldError(form, 'username', 'Enter your username.') || true;
    if (!password) missing = showFieldError(form, 'password', 'Enter your password.') || true;
    if (missing) {
      form.querySelector('[aria-invalid="true"]').focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await signIn(username, password);
      onDone();
    } catch (error) {
      if (error instanceof NewPasswordRequired) {
        form.replaceWith(newPasswordForm(error, onDone));
        return;
      }
      alert.textContent = error.message;
      alert.focus();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function newPasswordForm(challenge, onDone) {
  const alert = formAlert();
  const form = h('form', { novalidate: true },
    h('p', {}, 'This is your first sign-in: choose your own password (at least 12 characters, with upper- and lower-case letters and a number).'),
    alert,
    field({ label: 'New password', name: 'password', type: 'password', attributes: { autocomplete: 'new-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Set password and sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await setNewPassword(challenge, values(form).password);
      onDone();
    } catch (error) {
      showFieldError(form, 'password', error.message);
      form.querySelector('input').focus();
    }
  });
  return form;
}

function signInPage(intro) {
  show('Sign in', signInForm(() => render(), intro));
}

/** A sign-in that expired mid-task: ask again in a dialog over the page, so nothing typed is lost. */
let waiting = null;
function signInAgain() {
  if (waiting) return waiting;
  waiting = new Promise((resolve) => {
    const dialog = h('dialog', { 'aria-labelledby': 'again-title' },
      h('h2', { id: 'again-title' }, 'Your sign-in has expired'));
    dialog.append(signInForm(() => {
      dialog.close();
      dialog.remove();
      renderChrome(current());
      waiting = null;
      resolve();
    }, 'Sign in again to carry on. What you typed on the page is kept.'));
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('input').focus();
  });
  return waiting;
}

// -- start -----------------------------------------------------------------------------------------

onSignInNeeded(signInAgain);
// Every form is handled by the app: a submission never reloads the page (and loses what was typed),
// even if it comes before a page has attached its own handler.
document.addEventListener('submit', (event) => event.preventDefault(), true);
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || link.target || link.hasAttribute('download')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => render());
render().finally(() => { loaded = true; });

export { isStaff };
