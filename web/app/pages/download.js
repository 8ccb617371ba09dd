// The download page the delivery letter links to: <web_url>/d/<token> (SPEC §5.4, §10).
// Opening it uses nothing: it reads the link's status (GET /downloads/{token}/status), which counts no
// view, because mail scanners and chat previews open links before people do. Only the Download button
// uses one view (GET /downloads/{token} asking for JSON), then the browser fetches the file.

import { api } from '../api.js';
import { formatDate, formatSize, h } from '../dom.js';

const GONE_WORDS = {
  link_used_up: {
    title: 'This link has been used up',
    text: 'The copy behind this link has been downloaded as many times as the library allows, so the file has been removed.',
  },
  link_expired: {
    title: 'This link has expired',
    text: 'Download links work for a limited time, and this one’s time is over, so the file has been removed.',
  },
};

function explainGone(show, error) {
  const words = GONE_WORDS[error.code] || GONE_WORDS.link_expired;
  show(words.title,
    h('p', {}, words.text),
    h('p', {}, 'If you still need the copy, ask the library for it again: ', h('a', { href: '/requests/new' }, 'request a copy'), '.'),
    h('p', {}, h('a', { href: '/requests' }, 'See your requests')));
}

function explainUnknown(show, session) {
  show('We cannot find this download link',
    h('p', {}, `There is no download link at this address for ${session.username}.`),
    h('ul', {},
      h('li', {}, 'Check that the whole address from the letter was copied: links are long.'),
      h('li', {}, 'A link works only for the person who asked for the copy: sign in as that person.')),
    h('p', {}, h('a', { href: '/requests' }, 'See your requests')));
}

export async function downloadPage({ params, show, session }) {
  const [token] = params;
  const path = `/downloads/${encodeURIComponent(token)}`;
  let state;
  try {
    state = await api('GET', `${path}/status`);
  } catch (error) {
    if (error.status === 410) return explainGone(show, error);
    if (error.status === 404) return explainUnknown(show, session);
    throw error;
  }

  const left = h('dd', { id: 'views-left' });
  const message = h('div', { role: 'status', class: 'notice' });
  const alert = h('div', { role: 'alert', class: 'alert' });
  const button = h('button', { type: 'button' }, 'Download');

  function paint(current) {
    left.textContent = `${current.views_left} of ${current.max_views}`;
    button.disabled = current.views_left === 0 && !current.reusable_until;
  }

  const page = show('Your copy is ready',
    h('dl', { class: 'meta' },
      h('dt', {}, 'File'), h('dd', {}, state.file_name),
      h('dt', {}, 'Size'), h('dd', {}, formatSize(state.size)),
      h('dt', {}, 'Downloads left'), left,
      h('dt', {}, 'Available until'), h('dd', {}, formatDate(state.expires_at))),
    h('p', {}, 'Each time you press Download counts as one download. If the download is interrupted, pressing it again within a few minutes does not count again.'),
    h('div', { class: 'actions' }, button),
    message,
    alert);
  paint(state);

  button.addEventListener('click', async () => {
    alert.textContent = '';
    button.disabled = true;
    try {
      const grant = await api('GET', path, { headers: { Accept: 'application/json' } });
      state = { ...state, views_left: grant.views_left };
      paint(state);
      message.textContent = grant.counted
        ? `Your download has started. ${grant.views_left} download${grant.views_left === 1 ? '' : 's'} left.`
        : 'Your download has started again; this did not count as another download.';
      const link = h('a', { href: grant.url, download: state.file_name, hidden: true });
      page.append(link);
      link.click();
      link.remove();
    } catch (error) {
      if (error.status === 410) return explainGone(show, error);
      if (error.status === 404) return explainUnknown(show, session);
      alert.textContent = error.message;
    } finally {
      if (button.isConnected) paint(state);
    }
    return undefined;
  });
}
