// The console's one way to the hub's REST API. The access token lives only in this module's memory;
// a reload (or an expired token) trades the HttpOnly session cookie for a new one at /auth/refresh.
// Nothing is kept in localStorage or sessionStorage.

const CSRF = { 'X-OmniHub-CSRF': '1' };

/** An error answer of the API: `{error: {code, message, field}}` with its HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let token = null;
/** @type {Promise<object|null>|null} one refresh at a time, shared by every request that needs it */
let refreshing = null;

/** Signs in; the answer's agent, or an ApiError (401 for bad credentials). */
export async function signIn(email, password) {
  const body = await call('POST', '/api/v1/auth/login', { email, password, session: true }, { auth: false, headers: CSRF });
  token = body.token;
  return body.agent;
}

/** After a reload: the signed-in agent from the session cookie, or null when there is none. */
export async function resume() {
  return refresh();
}

export async function signOut() {
  try {
    await call('POST', '/api/v1/auth/logout', {}, { retry: false });
  } finally {
    token = null;
  }
}

/** The token the agent socket connects with (refreshed first when there is none). */
export async function socketToken() {
  if (!token) await refresh();
  return token;
}

/** A new access token, once, however many callers ask at the same moment. */
export function refresh() {
  if (!refreshing) {
    refreshing = call('POST', '/api/v1/auth/refresh', {}, { auth: false, headers: CSRF, retry: false })
      .then((body) => {
        token = body?.token ?? null; // 204: nobody is signed in on this browser
        return body?.agent ?? null;
      })
      .catch((error) => {
        token = null;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
export const put = (path, body = {}) => call('PUT', path, body);
export const patch = (path, body = {}) => call('PATCH', path, body);
export const del = (path) => call('DELETE', path);

/** Uploads a file for a reply or note; the answer `{id, fileName, contentType, size}` goes in `attachmentIds`. */
export function upload(file) {
  return send(`/api/v1/uploads${query({ fileName: file.name })}`, file, file.type || 'application/octet-stream');
}

/** A file the API serves behind the bearer token, as a Blob (attachments; a report as CSV with `accept: 'text/csv'`). */
export async function blob(path, accept = '*/*') {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: accept } });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

/** Posts a file as the whole request body (an agent's upload, the knowledge base's zip import); the JSON answer. */
export async function send(path, file, contentType, retry = true) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: file,
  });
  if (response.status === 401 && retry && (await refresh())) return send(path, file, contentType, false);
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Builds a query string from the defined, non-empty values. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function call(method, path, body, { auth = true, headers = {}, retry = true } = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined && method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (auth && token) init.headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, 'unreachable', cause.message, null);
  }
  if (response.status === 401 && auth && retry && (await refresh())) {
    return call(method, path, body, { auth, headers, retry: false });
  }
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

async function failure(response) {
  try {
    const { error } = await response.json();
    return new ApiError(response.status, error.code, error.message, error.field);
  } catch {
    return new ApiError(response.status, `http_${response.status}`, response.statusText, null);
  }
}
