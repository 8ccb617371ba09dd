// Calls to the API: the ID token as a bearer token, JSON both ways, errors as ApiError (the API's
// {"error": {code, message, field}}), a lost connection as NetworkError. A sign-in that expired is
// renewed, or the user is asked to sign in again, and the call goes on: nothing typed is lost.

import { idToken, refresh } from './auth.js';
import { config } from './config.js';

export class ApiError extends Error {
  constructor(status, detail = {}) {
    super(detail.message || `The service answered ${status}.`);
    this.status = status;
    this.code = detail.code || 'error';
    this.field = detail.field || null;
    this.problems = detail.problems || null;
    this.currentStatus = detail.current_status || null;
  }
}

export class NetworkError extends Error {
  constructor() {
    super('Could not reach the library’s service. Check your connection and try again: what you typed is kept.');
    this.code = 'network';
  }
}

let reauthenticate = null;

/** The app's way to ask for a new sign-in (a dialog); resolves once signed in again. */
export function onSignInNeeded(handler) {
  reauthenticate = handler;
}

function languages() {
  return (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']).join(', ');
}

async function send(method, url, body, extraHeaders, token) {
  const headers = { Accept: 'application/json', 'Accept-Language': languages(), ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new NetworkError();
  }
}

/** api('GET', '/requests', {query: {status: 'IN_TRANSIT'}}) -> the parsed body (null for 204); with
 * `raw: true`, the body's text (a CSV report). */
export async function api(method, path, { body, query, headers = {}, raw = false } = {}) {
  const { api_url: base } = await config();
  const url = new URL(base.replace(/\/$/, '') + path);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  let response = await send(method, url, body, headers, await idToken());
  if (response.status === 401) {
    const renewed = await refresh();
    if (!renewed && reauthenticate) await reauthenticate();
    response = await send(method, url, body, headers, await idToken());
  }
  if (response.status === 204) return null;
  const text = await response.text();
  if (raw && response.ok) return text;
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw new ApiError(response.status, parsed && parsed.error ? parsed.error : {});
  return parsed;
}

/**
 * Upload one file straight to S3 with a presigned POST (`ticket`: {url, fields}), reporting progress.
 * Resolves when S3 has stored it; S3's own refusal (too big, wrong type) is an ApiError.
 */
export function uploadFile(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', ticket.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        const tooBig = /EntityTooLarge/.test(request.responseText);
        reject(new ApiError(request.status, {
          code: 'upload_refused',
          message: tooBig ? `${file.name} is larger than the upload limit.` : `Storage refused ${file.name} (${request.status}).`,
          field: 'files',
        }));
      }
    });
    request.addEventListener('error', () => reject(new NetworkError()));
    request.send(form);
  });
}
