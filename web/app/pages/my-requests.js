// The patron's own requests (SPEC §3.5): what was asked, where it stands, what happened when, and what
// the patron can do next (cancel while it is on its way; download once the copy is ready).

import { api } from '../api.js';
import { formatDate, h, notice, statusBadge, STATUS_WORDS } from '../dom.js';

function part(request) {
  if (!request.partial) return 'The whole item';
  const parts = [];
  if (request.article_title) parts.push(`Article “${request.article_title}”`);
  if (request.chapters && request.chapters.length) parts.push(`Chapter${request.chapters.length > 1 ? 's' : ''} ${request.chapters.join(', ')}`);
  if (request.pages) parts.push(`Pages ${request.pages}`);
  return parts.join('; ') || 'Part of the item';
}

function tokenOf(delivery) {
  return delivery && delivery.download_path ? delivery.download_path.split('/').pop() : null;
}

function nextStep(request) {
  const waiting = request.awaiting_approval ? ' It is waiting for copyright approval.' : '';
  switch (request.status) {
    case 'IN_TRANSIT':
      return 'The item is on its way to the digitization department. You can cancel the request until it arrives.';
    case 'DIGITIZATION':
      return `The library is digitizing it.${waiting}`;
    case 'DIGITAL_INVENTORY':
    case 'DOCUMENT_DELIVERY':
      return `Your copy is being prepared.${waiting || ' We will write when it is ready.'}`;
    case 'COMPLETED': {
      const delivery = request.delivery || {};
      if (delivery.method === 'document_delivery_link') {
        if (delivery.views_left === 0) return 'Your copy was delivered as a download link; its downloads are used up.';
        if (!delivery.download_path) return 'Your request is complete, but no download link was sent: ask the library for your copy.';
        return null; // the download link says it
      }
      if (delivery.method === 'document_delivery_attachment') return 'Your copy was sent to you by e-mail.';
      if (delivery.method === 'digital_inventory') return 'Your copy is in the library’s digital repository.';
      return 'Your request is complete.';
    }
    case 'REJECTED':
      return 'The request could not be approved. The letter we sent you gives the reason.';
    case 'CANCELLED':
      return 'The request was cancelled.';
    default:
      return null;
  }
}

function card(request, { highlight, onCancel }) {
  const headingId = `req-${request.id}`;
  const delivery = request.delivery;
  const token = tokenOf(delivery);
  const step = nextStep(request);
  const item = request.item;
  const details = h('dl', { class: 'meta' },
    h('dt', {}, 'Status'), h('dd', {}, statusBadge(request.status)),
    h('dt', {}, 'Requested'), h('dd', {}, part(request)),
    item.volume || item.issue ? [h('dt', {}, 'Issue'), h('dd', {}, [item.volume && `Volume ${item.volume}`, item.issue && `issue ${item.issue}`].filter(Boolean).join(', '))] : null,
    request.course ? [h('dt', {}, 'Course'), h('dd', {}, request.course.id)] : null,
    h('dt', {}, 'Sent'), h('dd', {}, formatDate(request.created_at)),
    request.expiration_date ? [h('dt', {}, 'Needed by'), h('dd', {}, formatDate(request.expiration_date))] : null);
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Timeline' },
    request.timeline.map((entry) => h('li', {}, `${STATUS_WORDS[entry.status] || entry.status} `, h('span', { class: 'muted' }, formatDate(entry.at)))));
  const actions = h('div', { class: 'actions' });
  if (token && delivery.views_left !== 0) {
    actions.append(h('a', { class: 'button', href: `/d/${encodeURIComponent(token)}` }, 'Download your copy'));
    actions.append(h('span', { class: 'muted' },
      `${delivery.views_left ?? delivery.max_views} of ${delivery.max_views} downloads left`,
      delivery.expires_on ? `, until ${formatDate(delivery.expires_on)}` : ''));
  }
  if (request.can_cancel) {
    const confirm = h('div', { class: 'actions', hidden: true, role: 'group', 'aria-label': 'Confirm cancellation' },
      h('span', {}, 'Cancel this request?'),
      h('button', { type: 'button', class: 'danger', onclick: () => onCancel(request, actions) }, 'Yes, cancel it'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { confirm.hidden = true; ask.hidden = false; ask.focus(); } }, 'Keep it'));
    const ask = h('button', {
      type: 'button',
      class: 'secondary',
      'aria-describedby': headingId,
      onclick: () => { ask.hidden = true; confirm.hidden = false; confirm.querySelector('button').focus(); },
    }, 'Cancel request');
    actions.append(ask, confirm);
  }
  return h('li', { class: `card${highlight ? ' selected' : ''}` },
    h('article', { 'aria-labelledby': headingId },
      h('h2', { id: headingId }, item.title),
      details,
      step ? h('p', { class: 'next' }, step) : null,
      h('h3', {}, 'What happened'),
      timeline,
      actions,
      h('p', { class: 'alert', role: 'alert' })));
}

export async function myRequestsPage({ show }) {
  const created = new URLSearchParams(location.search).get('created');
  const page = show('My requests',
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '/requests/new' }, 'Request a copy')),
    created ? Object.assign(notice(), { textContent: 'Your request was sent. We will write to you as it goes on.' }) : null);
  const list = h('ul', { class: 'cards', 'aria-label': 'Your requests' });
  const status = h('p', { class: 'muted' }, 'Loading your requests…');
  page.append(status, list);

  async function load() {
    const items = [];
    let next = null;
    do {
      const pageOf = await api('GET', '/requests', { query: { limit: 50, next_token: next } });
      items.push(...pageOf.items);
      next = pageOf.next_token;
    } while (next && items.length < 200);
    status.textContent = items.length ? `${items.length} request${items.length === 1 ? '' : 's'}, newest first.` : 'You have no requests yet.';
    list.replaceChildren(...items.map((request) => card(request, { highlight: request.id === created, onCancel: cancel })));
  }

  async function cancel(request, actions) {
    const alert = actions.parentElement.querySelector('.alert');
    try {
      await api('POST', `/requests/${encodeURIComponent(request.id)}/cancel`, { body: {} });
      await load();
      const heading = document.getElementById(`req-${request.id}`);
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    } catch (error) {
      alert.textContent = error.message;
    }
  }

  await load();
}
