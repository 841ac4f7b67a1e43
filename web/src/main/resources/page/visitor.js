// The visitor's page (/visitor): a name and a department, "Start chat", then what became of the chat, and
// "End chat". It calls the visitor endpoints, which need no user headers: the visitor is known by a random
// token this tab makes and keeps in sessionStorage, with the chat's room id. What becomes of the chat comes
// from the visitor's own stream, livechat/room.stream: its place in the queue and the estimate of its wait
// (queueData), the agent who joins (agentData), its end (closed). When the stream is refused or lost for good,
// livechat/config says whether the chat is still open, and the stream is opened again after a pause.
// Exports nothing: it runs the page.

import {ApiError, LIVECHAT, api, whenReached} from './api.js';
import {clearMessages, clearUnreachable, fail, showError, showNotice} from './messages.js';

const TOKEN_KEY = 'inquiries.visitor.token';
const ROOM_KEY = 'inquiries.visitor.rid';
const RETRY_MS = 2500;

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
let retryTimer = null;
let events = null;
let following = 0; // bumped when a chat starts or ends: answers to an older one are dropped

function configPath() {
  return LIVECHAT + '/config?' + new URLSearchParams({token: token()}).toString();
}

// --- What the page shows ----------------------------------------------------------------------------

function showStart() {
  $('chat').hidden = true;
  $('start').hidden = false;
}

function showChat(status, queueText) {
  $('queue-spot').textContent = queueText || '';
  $('queue-spot').hidden = !queueText;
  $('start').hidden = true;
  $('chat').hidden = false;
  $('end-chat').hidden = false;
  if ($('chat-status').textContent !== status) {
    $('chat-status').textContent = status;
  }
}

function showEnded(text) {
  stopFollowing();
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

/** "You are number 3 in the queue. Estimated wait: about 4 minutes." from queueData (queueInfo). */
function queueText(info) {
  let text = 'You are number ' + info.spot + ' in the queue.';
  if (typeof info.estimatedWaitTimeSeconds === 'number') {
    const minutes = Math.ceil(info.estimatedWaitTimeSeconds / 60);
    text += info.estimatedWaitTimeSeconds < 60 ? ' Estimated wait: under a minute.'
      : ' Estimated wait: about ' + minutes + (minutes === 1 ? ' minute.' : ' minutes.');
  }
  return text;
}

function stopFollowing() {
  following++;
  clearTimeout(retryTimer);
  if (events) {
    events.close();
    events = null;
  }
}

/** Follows the chat on its room stream until it ends; a refused or lost stream is checked and opened again. */
function follow() {
  stopFollowing();
  const round = following;
  const path = LIVECHAT + '/room.stream?' + new URLSearchParams({token: token(), rid: rid}).toString();
  events = new EventSource(path);
  events.addEventListener('queueData', (event) => {
    showChat('Waiting for an agent…', queueText(JSON.parse(event.data)));
  });
  events.addEventListener('agentData', (event) => {
    showChat('An agent has joined: ' + JSON.parse(event.data).username + '.');
  });
  events.addEventListener('closed', () => {
    showEnded('The chat has ended.');
  });
  events.addEventListener('error', () => {
    if (round !== following || !events || events.readyState !== EventSource.CLOSED) {
      return; // the browser reconnects by itself
    }
    events = null;
    retryTimer = setTimeout(() => recheck(round), RETRY_MS);
  });
}

/** The stream was refused or ended: the chat may have ended meanwhile; otherwise follow it again. */
async function recheck(round) {
  try {
    const config = (await api('GET', configPath())).config;
    if (round !== following) {
      return;
    }
    if (!config.room || config.room._id !== rid) {
      showEnded('The chat has ended.');
      return;
    }
    follow();
  } catch (error) {
    if (round !== following) {
      return;
    }
    fail(error, 'Following your chat');
    retryTimer = setTimeout(() => recheck(round), RETRY_MS);
  }
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
      showChat(config.agent ? 'An agent has joined: ' + config.agent.username + '.' : 'Waiting for an agent…',
        config.queueInfo ? queueText(config.queueInfo) : '');
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
