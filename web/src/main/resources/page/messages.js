// The page's two message lines: #error (role alert) and #notice (a polite live region). A failure is said in
// the words of the API client's describe(); a 401 anywhere is handed to whoever ends the session.
// Exports: fail, showError, showNotice, clearMessages, clearError, clearUnreachable, whenSignedOut.

import {ApiError, describe} from './api.js';

const $ = (id) => document.getElementById(id);

let unreachableShown = false; // the error shown says the service cannot be reached

let onSignedOut = () => {};

/** What a 401 leads to: the desk ends the session and shows the sign-in form. */
export function whenSignedOut(listener) {
  onSignedOut = listener;
}

/** Shows the failure; a 401 anywhere means the session is over: back to the sign-in form. */
export function fail(error, context) {
  const text = describe(error);
  showError(context ? context + ': ' + text : text);
  unreachableShown = error instanceof ApiError && error.status === 0;
  if (error instanceof ApiError && error.status === 401) {
    onSignedOut();
  }
}

export function showError(text) {
  $('notice').textContent = '';
  $('error').textContent = text;
  unreachableShown = false;
}

/** The service answered: an error saying it cannot be reached is over. */
export function clearUnreachable() {
  if (unreachableShown) {
    unreachableShown = false;
    $('error').textContent = '';
  }
}

export function showNotice(text) {
  $('error').textContent = '';
  $('notice').textContent = text;
}

export function clearMessages() {
  $('error').textContent = '';
  $('notice').textContent = '';
}

/** The failure shown is over (the notice, if any, stays). */
export function clearError() {
  $('error').textContent = '';
}
