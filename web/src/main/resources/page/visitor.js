// The visitor's page (/visitor): a name and a department, "Start chat", then what became of the chat, and
// "End chat". It calls the visitor endpoints, which need no user headers: the visitor is known by a random
// token this tab makes and keeps in sessionStorage, with the chat's room id. Whether an agent has joined is
// asked every 2.5 s of livechat/config (livechat/room is limited to a few requests a minute per address,
// and a stream of the visitor's own is yet to come).
// Exports nothing: it runs the page.

import {ApiError, LIVECHAT, api, whenReached} from './api.js';
import {clearMessages, clearUnreachable, fail, showError, showNotice} from './messages.js';

const TOKEN_KEY = 'inquiries.visitor.token';
const ROOM_KEY = 'inquiries.visitor.rid';
const POLL_MS = 2500;

const $ = (id) => document.getElementById(id);

whenReached(clearUnreachable);

/** This tab's visitor token: made once, of 128 random bits, kept for the tab's life. */
function token() {
  let stored = sessionStorage.getItem(TOKEN_KEY);
  if (!stored) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    stored = 'visitor-' + Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(TOKEN_KEY, stored);
  }
  return stored;
}

let rid = sessionStorage.getItem(ROOM_KEY);
let pollTimer = null;
let polling = 0; // bumped when a chat starts or ends: answers to an older one are dropped

function configPath() {
  return LIVECHAT + '/config?' + new URLSearchParams({token: token()}).toString();
}

// --- What the page shows ----------------------------------------------------------------------------

function showStart() {
  $('chat').hidden = true;
  $('start').hidden = false;
}

function showChat(status) {
  $('start').hidden = true;
  $('chat').hidden = false;
  $('end-chat').hidden = false;
  if ($('chat-status').textContent !== status) {
    $('chat-status').textContent = status;
  }
}

function showEnded(text) {
  stopPolling();
  rid = null;
  sessionStorage.removeItem(ROOM_KEY);
  showStart();
  showNotice(text);
  $('visitor-name').focus();
}

function fillDepartments(departments) {
  const select = $('visitor-department');
  const chosen = select.value;
  select.replaceChildren(select.options[0], ...departments.map((department) => {
    const option = document.createElement('option');
    option.value = department._id;
    option.textContent = department.name;
    return option;
  }));
  select.value = departments.some((department) => department._id === chosen) ? chosen : '';
}

// --- Following the chat -------------------------------------------------------------------------------

function stopPolling() {
  polling++;
  clearTimeout(pollTimer);
}

/** Reads the chat's state now, then again every POLL_MS while it lasts. */
function follow() {
  stopPolling();
  const round = polling;
  const check = async () => {
    try {
      const config = (await api('GET', configPath())).config;
      if (round !== polling) {
        return;
      }
      if (!config.room || config.room._id !== rid) {
        showEnded('The chat has ended.');
        return;
      }
      showChat(config.agent ? 'An agent has joined: ' + (config.agent.name || config.agent.username) + '.'
        : 'Waiting for an agent…');
    } catch (error) {
      if (round !== polling) {
        return;
      }
      fail(error, 'Following your chat');
    }
    pollTimer = setTimeout(check, POLL_MS);
  };
  return check();
}

// --- Start and end --------------------------------------------------------------------------------------

$('start-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('visitor-name').value.trim();
  if (!name) {
    showError('Enter your name.');
    $('visitor-name').focus();
    return;
  }
  const button = $('start-chat');
  if (button.getAttribute('aria-disabled') === 'true') {
    return;
  }
  button.setAttribute('aria-disabled', 'true');
  try {
    const visitor = {token: token(), name: name};
    if ($('visitor-department').value) {
      visitor.department = $('visitor-department').value;
    }
    await api('POST', LIVECHAT + '/visitor', {visitor: visitor});
    const answer = await api('GET', LIVECHAT + '/room?' + new URLSearchParams({token: token()}).toString());
    rid = answer.room._id;
    sessionStorage.setItem(ROOM_KEY, rid);
    clearMessages();
    showChat('Waiting for an agent…');
    $('chat-title').tabIndex = -1;
    $('chat-title').focus();
    follow();
  } catch (error) {
    fail(error, 'Starting the chat');
  } finally {
    button.removeAttribute('aria-disabled');
  }
});

$('end-chat').addEventListener('click', async () => {
  const button = $('end-chat');
  if (button.getAttribute('aria-disabled') === 'true' || !rid) {
    return;
  }
  button.setAttribute('aria-disabled', 'true');
  try {
    await api('POST', LIVECHAT + '/room.close', {token: token(), rid: rid});
    showEnded('You ended the chat.');
  } catch (error) {
    const over = error instanceof ApiError && error.status === 400
      && ['room-closed', 'invalid-room'].includes(error.body.error);
    if (over) {
      showEnded('The chat has ended.');
    } else {
      fail(error, 'Ending the chat');
    }
  } finally {
    button.removeAttribute('aria-disabled');
  }
});

async function boot() {
  try {
    const config = (await api('GET', configPath())).config;
    fillDepartments(config.departments || []);
    if (rid && config.room && config.room._id === rid) {
      showChat(config.agent ? 'An agent has joined.' : 'Waiting for an agent…');
      follow();
      return;
    }
    if (!config.online) {
      showNotice('No agent is online right now; you may still try to start a chat.');
    }
  } catch (error) {
    fail(error, 'Loading the chat');
  }
  rid = null;
  sessionStorage.removeItem(ROOM_KEY);
  showStart();
  $('visitor-name').focus();
}

boot();
