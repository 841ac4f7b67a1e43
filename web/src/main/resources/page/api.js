// The API client: requests to the service with the caller's credentials as headers, the failure of one as an
// ApiError, and what each failure means to a person. No DOM: any page of the service can use it.
// Exports: API, LIVECHAT (the paths), ApiError, api, authHeaders, useCredentials, describe, whenReached, reached,
// heldPermissions, loadOneAtATime.

export const API = '/api/v1';
export const LIVECHAT = API + '/livechat';

// --- Credentials: asked for at each request, never kept here, never put in a URL or a log ---------------

let credentials = () => null;

/** Where the client finds the caller's credentials: a function answering {userId, authToken}, or null. */
export function useCredentials(provider) {
  credentials = provider;
}

export function authHeaders() {
  const current = credentials();
  return current ? {'X-User-Id': current.userId, 'X-Auth-Token': current.authToken} : {};
}

// --- The service answered ---------------------------------------------------------------------------------

let onReached = () => {};

/** What to do each time the service answers: a page clears what said it could not be reached. */
export function whenReached(listener) {
  onReached = listener;
}

/** The service answered a request (or a stream, which does not go through api()). */
export function reached() {
  onReached();
}

// --- Requests and what their failures mean to a person -------------------------------------------------

export class ApiError extends Error {
  constructor(status, body) {
    super('HTTP ' + status);
    this.status = status; // 0: the request did not reach the service
    this.body = body || {};
  }
}

export async function api(method, path, body) {
  const headers = Object.assign({Accept: 'application/json'}, authHeaders());
  const init = {method: method, headers: headers, cache: 'no-store', credentials: 'omit'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkFailure) {
    throw new ApiError(0, null);
  }
  reached();
  let json = null;
  try {
    json = await response.json();
  } catch (notJson) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

// --- Loading a list one request at a time -------------------------------------------------------------

/**
 * Loads a list unless a load of it is running: then it only marks the list dirty, and `again` is called once that
 * load ends, so that a burst of asks costs one request more at the most. An answer or a failure that comes after the
 * list's generation moved on (it was stopped) is dropped, and no load follows it.
 *
 * @param list   holds the state: generation (bumped when it stops), loading (the running load, or null), dirty
 * @param steps  request: starts the request and answers its promise; loaded: shows the answer; failed: shows the
 *               failure; again: loads once more
 * @returns the running load
 */
export function loadOneAtATime(list, {request, loaded, failed, again}) {
  if (list.loading) {
    list.dirty = true;
    return list.loading;
  }
  const generation = list.generation;
  list.dirty = false;
  list.loading = request()
    .then((answer) => {
      if (generation === list.generation) {
        loaded(answer);
      }
    })
    .catch((error) => {
      if (generation === list.generation) {
        failed(error);
      }
    })
    .finally(() => {
      list.loading = null;
      if (list.dirty && generation === list.generation) {
        again();
      }
    });
  return list.loading;
}

// --- What the API grants --------------------------------------------------------------------------------

/**
 * The permissions a user with these roles holds, as a Set of ids: those whose grants (permissions.listAll) name any
 * of its roles, as the API decides and as Rocket.Chat's own client does. Read afresh at each call, so that a grant an
 * operator changes shows at the next sign-in or reload.
 */
export async function heldPermissions(roles) {
  const answer = await api('GET', API + '/permissions.listAll');
  return new Set(answer.update
    .filter((permission) => permission.roles.some((role) => roles.includes(role)))
    .map((permission) => permission._id));
}

// What a refused move or visitor request means, by the contract's error code (errorType, else error).
const REFUSALS = {
  'error-comment-is-required': 'A comment is required to close a chat.',
  'error-room-already-closed': 'This chat is closed already.',
  'error-not-authorized': 'You may not do this with this chat (it is not yours, or not in your departments).',
  'error-invalid-room': 'This chat no longer exists here, or is not one you may move.',
  'error-room-not-found': 'This chat no longer exists.',
  'room-closed': 'This chat is closed already.',
  'This_conversation_is_already_closed': 'This chat is closed already.',
  'error-selected-agent-room-agent-are-same': 'That agent serves this chat already.',
  'error-user-is-offline': 'That agent is not on duty (or not an active agent): choose another one.',
  'error-invalid-department': 'That department does not exist or is disabled.',
  'error-forwarding-chat-same-department': 'The chat is in that department already.',
  'no-agent-online': 'Sorry, no agent is online right now. Please try again later.',
  'invalid-token': 'This chat is not known here any more: please start a new one.',
  'invalid-room': 'This chat has ended.',
};

export function describe(error) {
  if (!(error instanceof ApiError)) {
    return 'Something went wrong in this page: ' + error.message;
  }
  const body = error.body;
  switch (error.status) {
    case 0:
      return 'Cannot reach the service: check your network connection, then try again.';
    case 401:
      return 'You are signed out (your session ended or was revoked). Please sign in again.';
    case 403:
      return 'You do not have permission to do this.';
    case 400:
      if (body.errorType === 'error-inquiry-taken') {
        return 'Someone else took this chat first.';
      }
      if (body.errorType === 'error-agent-status-service-offline') {
        return 'You are not on duty: switch "On duty" on to take chats.';
      }
      if (REFUSALS[body.errorType || body.error]) {
        return REFUSALS[body.errorType || body.error];
      }
      return body.error || 'The request was refused (400).';
    case 429:
      return 'Too many requests from here: please wait a minute, then try again.';
    case 503:
      return 'The service is unavailable right now; please try again in a moment.';
    default:
      return 'The service failed (HTTP ' + error.status + '); please try again.';
  }
}
