// The queue page's entry module, the desk: signs in over the REST API, shows the queue(s) the user may see, decided
// from what the API grants (permissions.listAll) and not from role names: the list to holders of
// view-livechat-manager; its own queue with the on-duty switch to an agent holding view-l-room; the agent's chats
// (chats.js) to that agent; every open chat to holders of view-livechat-rooms; the agents' loads (loads.js) to
// holders of view-livechat-manager; more than one view as tabs.
// It keeps them live through inquiries.stream, and counts the waiting chats in the tab's title.
// No framework, no build step, no inline code: index.html loads this module, which imports the others from the
// page's own origin (api.js, messages.js, stream.js, queue.js, chats.js, loads.js), as the Content-Security-Policy
// allows.
// Exports nothing: it runs the page.

import {API, ApiError, LIVECHAT, api, heldPermissions, useCredentials, whenReached} from './api.js';
import {clearMessages, clearUnreachable, fail, showError, showNotice, whenSignedOut} from './messages.js';
import {Queue, tick} from './queue.js';
import {ChatList} from './chats.js';
import {AgentLoads} from './loads.js';

const SESSION_KEY = 'inquiries.session';
// What each queue needs, mirroring the API's own checks (403 without them):
const LIST_PERMISSION = 'view-livechat-manager'; // inquiries.list and its stream, agents.loads
const QUEUE_PERMISSION = 'view-l-room'; // queuedForUser, its stream, the agent's departments, agent.status, take
const DEPARTMENTS_PERMISSIONS = ['view-livechat-departments', 'view-l-room']; // livechat/department: any of them
const ROOMS_PERMISSION = 'view-livechat-rooms'; // livechat/rooms of everyone (an agent's own need view-l-room only)
const FORWARD_PERMISSIONS = ['view-l-room', 'transfer-livechat-guest']; // room.forward: all of them
// The tabs, in their order, each with the panel it shows.
const TABS = ['tab-list', 'tab-mine', 'tab-chats', 'tab-open', 'tab-agents'];
// An agent is a user with this role (the contract's definition, V26's livechat_agents): not a permission, so the API
// does not refuse others its queue with a 403, but its on-duty switch and Take answer them 400 (no such agent).
const AGENT_ROLE = 'livechat-agent';
const TITLE = document.title; // the count of waiting chats goes before it: "(3) Inquiries: the queue"

const $ = (id) => document.getElementById(id);

// --- Session: the token lives in memory and sessionStorage only, never in a URL or a log ---------------

let session = null; // {userId, authToken, me, held: the Set of the permissions the user holds}

useCredentials(() => session);
whenReached(clearUnreachable);
whenSignedOut(() => {
  if (session) {
    endSession(false);
  }
});

function saveSession() {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({userId: session.userId, authToken: session.authToken}));
}

function restoreSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    return stored && typeof stored.userId === 'string' && typeof stored.authToken === 'string' ? stored : null;
  } catch (ignored) {
    return null;
  }
}

// --- The agent's on-duty switch ---------------------------------------------------------------------

const onDuty = $('on-duty');

let statusChanging = false;

/** Shows the agent on or off duty: off duty, its queue is read-only. */
function showOnDuty(available) {
  const takeFocused = document.activeElement !== null && document.activeElement.matches('button.take');
  onDuty.checked = available;
  agentQueue.setReadOnly(!available);
  if (!available && takeFocused) {
    onDuty.focus(); // a disabled button drops the focus: hand it to what lets the agent take again
  }
}

onDuty.addEventListener('change', async () => {
  if (statusChanging) {
    onDuty.checked = !onDuty.checked; // one change at a time; not `disabled`, which would drop the focus
    return;
  }
  const wanted = onDuty.checked ? 'available' : 'not-available';
  statusChanging = true;
  onDuty.setAttribute('aria-busy', 'true');
  try {
    const answer = await api('POST', LIVECHAT + '/agent.status', {status: wanted});
    showOnDuty(answer.status === 'available');
    showNotice(onDuty.checked ? 'You are on duty: you take chats.' : 'You are off duty: you take no chats.');
  } catch (error) {
    showOnDuty(!onDuty.checked);
    fail(error, 'Changing your status');
  } finally {
    statusChanging = false;
    onDuty.removeAttribute('aria-busy');
  }
});

// --- Views -----------------------------------------------------------------------------------------

/**
 * The departments the caller may filter the list by (a restricted monitor: those of its units), by name; none when
 * the API would refuse it the department list (the filter is hidden then).
 */
async function visibleDepartments() {
  if (!mayListDepartments()) {
    return [];
  }
  const departments = [];
  for (let offset = 0; ; offset += 100) {
    const page = await api('GET', LIVECHAT + '/department?onlyMyDepartments=true&count=100&offset=' + offset);
    departments.push(...page.departments);
    if (page.departments.length === 0 || departments.length >= page.total) {
      return departments;
    }
  }
}

/** The agent's own enabled departments: the only ones its queue may be filtered by. */
async function ownDepartments() {
  const answer = await api('GET', LIVECHAT + '/agents/' + encodeURIComponent(session.userId)
    + '/departments?enabledDepartmentsOnly=true');
  return answer.departments.map((membership) => ({_id: membership.departmentId, name: membership.departmentName,
    enabled: membership.departmentEnabled}));
}

/** What the desk hears of its queues: the counted one's renders, and a take that found the agent off duty. */
const queueEvents = {
  rendered: (queue) => {
    if (queue === countedQueue) {
      showWaitingInTitle();
    }
  },
  offDuty: () => showOnDuty(false),
  changed: () => {
    refreshChatsSoon();
    if (loadsActive) {
      agentLoads.changed();
    }
  },
};

const managerQueue = new Queue('queue-list', 'list', LIVECHAT + '/inquiries.list', {ts: -1}, visibleDepartments,
  false, queueEvents);
const agentQueue = new Queue('queue-mine', 'queuedForUser', LIVECHAT + '/inquiries.queuedForUser', {ts: 1},
  ownDepartments, true, queueEvents);
let activeQueues = [];
let countedQueue = null; // the queue whose waiting chats the tab's title counts

const myChats = new ChatList('chats-mine', {mine: true, servedBy: false, departments: () => ownDepartments(),
  mayForward: () => false});
const openChats = new ChatList('chats-open', {mine: false, servedBy: true, departments: () => visibleDepartments(),
  mayForward: () => FORWARD_PERMISSIONS.every(holds)});
let activeChats = [];
let chatsTimer = null;

const agentLoads = new AgentLoads('agents');
let loadsActive = false;

/** A queue changed (a take, a close, a return, a forward to a department): the chats reload, once for a burst. */
function refreshChatsSoon() {
  clearTimeout(chatsTimer);
  chatsTimer = setTimeout(() => activeChats.forEach((chats) => chats.reload()), 300);
}

/** Counts the waiting chats in the tab's title, so that a tab in the background shows that one arrived. */
function showWaitingInTitle() {
  const total = countedQueue ? countedQueue.total : 0;
  document.title = total > 0 ? '(' + total + ') ' + TITLE : TITLE;
}

function showSignIn() {
  $('workspace').hidden = true;
  $('account').hidden = true;
  $('sign-in').hidden = false;
  $('username').value = '';
  $('password').value = '';
  $('username').focus();
}

function selectTab(tab) {
  TABS.forEach((id) => {
    const button = $(id);
    const selected = id === tab.id;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(button.getAttribute('aria-controls')).hidden = !selected;
  });
}

function holds(permission) {
  return session !== null && session.held !== null && session.held.has(permission);
}

function mayListDepartments() {
  return DEPARTMENTS_PERMISSIONS.some(holds);
}

/** Reads what the API grants the user, then shows the queues it may see; a failure ends the session here. */
async function openWorkspace() {
  const opening = session;
  try {
    const held = await heldPermissions(opening.me.roles || []);
    if (session !== opening) {
      return; // signed out meanwhile
    }
    session.held = held;
  } catch (error) {
    fail(error, 'Reading what you may see');
    if (session !== null && session === opening) { // a 401 has ended it already
      session = null;
      sessionStorage.removeItem(SESSION_KEY);
      showSignIn();
    }
    return;
  }
  showWorkspace();
}

function showWorkspace() {
  const manager = holds(LIST_PERMISSION);
  const agent = holds(QUEUE_PERMISSION) && (session.me.roles || []).includes(AGENT_ROLE);
  const overseer = holds(ROOMS_PERMISSION);
  const filterable = mayListDepartments();
  $('queue-list-department').hidden = !filterable;
  document.querySelector('label[for="queue-list-department"]').hidden = !filterable;
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  $('account').hidden = false;
  $('signed-in-as').textContent = 'Signed in as ' + session.me.username;
  const shown = {'tab-list': manager, 'tab-mine': agent, 'tab-chats': agent, 'tab-open': overseer,
    'tab-agents': manager};
  TABS.forEach((id) => {
    $(id).hidden = !shown[id];
    $($(id).getAttribute('aria-controls')).hidden = true;
  });
  const views = TABS.filter((id) => shown[id]);
  $('tabs').hidden = views.length < 2;
  $('no-queue').hidden = manager || agent;
  if (views.length > 0) {
    selectTab($(agent ? 'tab-mine' : views[0]));
  }
  showOnDuty(session.me.statusLivechat === 'available');
  activeQueues = [];
  if (manager) {
    activeQueues.push(managerQueue);
  }
  if (agent) {
    activeQueues.push(agentQueue);
  }
  countedQueue = agent ? agentQueue : manager ? managerQueue : null;
  activeQueues.forEach((queue) => queue.start());
  activeChats = [];
  if (agent) {
    activeChats.push(myChats);
  }
  if (overseer) {
    activeChats.push(openChats);
  }
  activeChats.forEach((chats) => chats.start());
  loadsActive = manager;
  if (loadsActive) {
    agentLoads.start();
  }
  const firstHeading = agent ? $('queue-mine-title') : manager ? $('queue-list-title')
    : overseer ? $('chats-open-title') : null;
  if (firstHeading) {
    firstHeading.tabIndex = -1;
    firstHeading.focus();
  }
}

document.querySelectorAll('[role="tab"]').forEach((tab) => {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const shown = TABS.filter((id) => !$(id).hidden);
      const step = event.key === 'ArrowRight' ? 1 : -1;
      const other = $(shown[(shown.indexOf(tab.id) + step + shown.length) % shown.length]);
      selectTab(other);
      other.focus();
      event.preventDefault();
    }
  });
});

/** Forgets the session here; with revoke, removes the token on the server as well. */
async function endSession(revoke) {
  activeQueues.forEach((queue) => queue.stop());
  activeQueues = [];
  activeChats.forEach((chats) => chats.stop());
  activeChats = [];
  clearTimeout(chatsTimer);
  agentLoads.stop();
  loadsActive = false;
  countedQueue = null;
  showWaitingInTitle();
  if (revoke && session) {
    try {
      await api('POST', API + '/logout');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        fail(error, 'Signing out');
      }
    }
  }
  session = null;
  sessionStorage.removeItem(SESSION_KEY);
  showSignIn();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = $('username').value.trim();
  const password = $('password').value;
  if (!user || !password) {
    showError('Enter your username (or email) and your password.');
    (user ? $('password') : $('username')).focus();
    return;
  }
  const button = $('sign-in-button');
  button.disabled = true;
  try {
    const answer = await api('POST', API + '/login', {user: user, password: password});
    session = {userId: answer.data.userId, authToken: answer.data.authToken, me: answer.data.me, held: null};
    saveSession();
    clearMessages();
    await openWorkspace();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      showError(error.body.error === 'Unauthorized'
        ? 'Wrong username or password.'
        : error.body.message || 'Signing in was refused.');
    } else {
      fail(error, 'Signing in');
    }
    $('password').value = '';
    $('password').focus();
  } finally {
    button.disabled = false;
  }
});

$('sign-out').addEventListener('click', async () => {
  await endSession(true);
  showNotice('You are signed out.');
});

async function boot() {
  setInterval(tick, 1000);
  const stored = restoreSession();
  if (!stored) {
    showSignIn();
    return;
  }
  session = {userId: stored.userId, authToken: stored.authToken, me: null, held: null};
  try {
    session.me = await api('GET', API + '/me');
  } catch (error) {
    fail(error, 'Resuming your session');
    if (session) {
      session = null;
      sessionStorage.removeItem(SESSION_KEY);
      showSignIn();
    }
    return;
  }
  await openWorkspace();
}

boot();
