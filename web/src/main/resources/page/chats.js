// The chats being served: one table of open rooms from livechat/rooms?open=true. An agent's own ("My chats":
// the API answers an agent only the rooms it serves) with Close and Return to queue; everyone's for a holder of
// view-livechat-rooms ("Open chats") with who serves each, and Forward for a holder of transfer-livechat-guest.
// It holds no stream of its own: the page reloads it when a queue's stream (or its polling) says the queue
// changed, since a take, a close and a return each change a queue. Errors go to the page's message lines.
// Exports: ChatList.

import {ApiError, LIVECHAT, api, loadOneAtATime} from './api.js';
import {clearError, fail, showNotice} from './messages.js';
import {emptyRow} from './tables.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 100;

// --- Dialogs: one modal form at a time, answered with its fields, or null when cancelled ---------------

/** Opens the dialog with that id and resolves with its form's data once submitted, null once cancelled. */
function ask(dialogId, prepare) {
  const dialog = $(dialogId);
  const form = dialog.querySelector('form');
  form.reset();
  prepare(dialog);
  return new Promise((resolve) => {
    const submitted = (event) => {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      const data = new FormData(form);
      finish(data);
    };
    const cancelled = () => finish(null);
    const finish = (answer) => {
      form.removeEventListener('submit', submitted);
      dialog.removeEventListener('close', cancelled);
      dialog.querySelector('button.cancel').removeEventListener('click', cancelClicked);
      if (dialog.open) {
        dialog.close(); // the browser hands the focus back to the button that opened it
      }
      resolve(answer);
    };
    const cancelClicked = () => finish(null);
    form.addEventListener('submit', submitted);
    dialog.addEventListener('close', cancelled);
    dialog.querySelector('button.cancel').addEventListener('click', cancelClicked);
    dialog.showModal();
  });
}

function isRefusal(error, code) {
  return error instanceof ApiError && error.status === 400 && error.body.error === code;
}

// --- A list of open chats ------------------------------------------------------------------------------

export class ChatList {
  /**
   * @param prefix the ids of its elements in index.html (chats-mine, chats-open)
   * @param options mine: its rows have Close and Return to queue; servedBy: it shows who serves each;
   *                departments: a promise of [{_id, name}] (names for its column, targets of Forward);
   *                mayForward: a function answering whether its rows have Forward
   */
  constructor(prefix, options) {
    this.prefix = prefix;
    this.options = options;
    this.rooms = [];
    this.departments = [];
    this.generation = 0;
    this.loading = null;
    this.dirty = false;
    this.active = false;
    this.el('refresh').addEventListener('click', () => this.reload());
  }

  el(suffix) {
    return $(this.prefix + '-' + suffix);
  }

  async start() {
    this.generation++;
    this.active = true;
    const generation = this.generation;
    try {
      const departments = await this.options.departments();
      if (generation === this.generation) {
        this.departments = departments;
      }
    } catch (error) {
      fail(error, 'Loading the departments');
    }
    this.reload();
  }

  stop() {
    this.generation++;
    this.active = false;
    this.rooms = [];
    this.el('rows').replaceChildren();
    this.el('total').textContent = 'Loading…';
  }

  /** Loads the open chats; when asked again meanwhile, loads once more afterwards. */
  reload() {
    if (!this.active) {
      return Promise.resolve();
    }
    const query = new URLSearchParams({open: 'true', count: String(PAGE_SIZE), sort: JSON.stringify({ts: 1})});
    return loadOneAtATime(this, {
      request: () => api('GET', LIVECHAT + '/rooms?' + query.toString()),
      loaded: (answer) => {
        this.rooms = answer.rooms;
        this.total = answer.total;
        this.render();
      },
      failed: (error) => fail(error, 'Loading the chats'),
      again: () => this.reload(),
    });
  }

  departmentName(id) {
    if (id === undefined || id === null) {
      return '—';
    }
    const department = this.departments.find((candidate) => candidate._id === id);
    return department ? department.name : id;
  }

  // --- Rendering: an unchanged chat keeps its row (and its buttons, under a pointer or the focus) ---

  render() {
    const tbody = this.el('rows');
    const focusedId = document.activeElement && tbody.contains(document.activeElement)
      ? document.activeElement.closest('tr').dataset.id : null;
    const focusedClass = focusedId ? document.activeElement.className : null;
    const kept = new Map(Array.from(tbody.querySelectorAll('tr[data-id]'), (tr) => [tr.dataset.id, tr]));
    const rows = this.rooms.map((room) => {
      const shown = JSON.stringify([room.fname, room.departmentId, room.ts, room.servedBy && room.servedBy._id,
        this.options.mayForward()]);
      const tr = kept.get(room._id);
      if (tr && tr.dataset.shown === shown) {
        return tr;
      }
      const made = this.makeRow(room);
      made.dataset.shown = shown;
      return made;
    });
    // Only what changed leaves or moves: a row that stays in place keeps the focus and the pointer.
    Array.from(tbody.children).filter((tr) => !rows.includes(tr)).forEach((tr) => tr.remove());
    rows.forEach((tr, index) => {
      if (tbody.children[index] !== tr) {
        tbody.insertBefore(tr, tbody.children[index] || null);
      }
    });
    if (this.rooms.length === 0) {
      tbody.appendChild(emptyRow(this.options.servedBy ? 5 : 4,
        this.options.mine ? 'You serve no chat now.' : 'No chat is open.'));
    }
    if (focusedId && !tbody.contains(document.activeElement)) {
      const row = tbody.querySelector('tr[data-id="' + CSS.escape(focusedId) + '"]');
      const target = (row && row.querySelector('button.' + CSS.escape(focusedClass)))
        || tbody.querySelector('button') || this.el('refresh');
      target.focus();
    }
    const shown = this.rooms.length;
    this.el('total').textContent = (shown === 1 ? '1 open chat' : shown + ' open chats')
      + (this.total > shown ? ' (the oldest ' + shown + ' of ' + this.total + ')' : '');
  }

  makeRow(room) {
    const tr = document.createElement('tr');
    tr.dataset.id = room._id;
    const cells = [['name', room.fname], ['department', this.departmentName(room.departmentId)],
      ['started', new Date(room.ts).toLocaleString()]];
    if (this.options.servedBy) {
      cells.push(['served-by', room.servedBy ? room.servedBy.username : 'nobody (queued)']);
    }
    cells.forEach(([className, text]) => {
      const td = document.createElement('td');
      td.className = className;
      td.textContent = text;
      tr.appendChild(td);
    });
    const actions = document.createElement('td');
    actions.className = 'actions';
    if (this.options.mine) {
      actions.append(this.button('close', 'Close', 'Close the chat with ' + room.fname, () => this.close(room)),
        this.button('return', 'Return to queue', 'Return the chat with ' + room.fname + ' to the queue',
          () => this.giveBack(room)));
    }
    if (this.options.mayForward() && room.servedBy) {
      actions.append(this.button('forward', 'Forward', 'Forward the chat with ' + room.fname,
        () => this.forward(room)));
    }
    tr.appendChild(actions);
    return tr;
  }

  button(className, text, label, action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-disabled') === 'true') {
        return;
      }
      // Not `disabled`: that would drop the keyboard focus.
      button.setAttribute('aria-disabled', 'true');
      try {
        await action();
      } finally {
        button.removeAttribute('aria-disabled');
      }
    });
    return button;
  }

  // --- The moves ---

  /** Closes without a comment first; where the service requires one, asks for it and closes with it. */
  async close(room) {
    const what = 'Closing the chat with ' + room.fname;
    try {
      await api('POST', LIVECHAT + '/room.closeByUser', {rid: room._id});
    } catch (error) {
      if (!isRefusal(error, 'error-comment-is-required')) {
        fail(error, what);
        this.reload();
        return;
      }
      const answer = await ask('close-dialog', (dialog) => {
        dialog.querySelector('.subject').textContent = room.fname;
      });
      if (answer === null) {
        return;
      }
      try {
        await api('POST', LIVECHAT + '/room.closeByUser', {rid: room._id, comment: answer.get('comment').trim()});
      } catch (again) {
        fail(again, what);
        this.reload();
        return;
      }
    }
    clearError();
    showNotice('You closed the chat with ' + room.fname + '.');
    this.reload();
  }

  async giveBack(room) {
    try {
      const answer = await api('POST', LIVECHAT + '/inquiries.returnAsInquiry', {roomId: room._id});
      clearError();
      showNotice(answer.result
        ? 'The chat with ' + room.fname + ' is back in the queue.'
        : 'Nobody served the chat with ' + room.fname + ': it is in the queue already.');
    } catch (error) {
      fail(error, 'Returning the chat with ' + room.fname);
    }
    this.reload();
  }

  /** Asks where to: an agent on duty other than the one serving the chat, or a department. */
  async forward(room) {
    const agents = await this.agentsOnDuty(room.servedBy._id);
    const answer = await ask('forward-dialog', (dialog) => {
      dialog.querySelector('.subject').textContent = room.fname;
      const target = dialog.querySelector('select');
      const agentGroup = target.querySelector('optgroup.agents');
      const departmentGroup = target.querySelector('optgroup.departments');
      agentGroup.replaceChildren(...[...agents].map(([id, username]) => option('agent:' + id, username)));
      departmentGroup.replaceChildren(...this.departments
        .filter((department) => department._id !== room.departmentId)
        .map((department) => option('department:' + department._id, department.name)));
      agentGroup.hidden = agents.size === 0;
      target.value = '';
    });
    if (answer === null) {
      return;
    }
    const [kind, id] = answer.get('target').split(/:(.*)/s);
    const body = {roomId: room._id};
    body[kind === 'agent' ? 'userId' : 'departmentId'] = id;
    const comment = answer.get('comment').trim();
    if (comment) {
      body.comment = comment;
    }
    const name = kind === 'agent' ? agents.get(id) : this.departmentName(id);
    try {
      await api('POST', LIVECHAT + '/room.forward', body);
      clearError();
      showNotice('You forwarded the chat with ' + room.fname + ' to ' + name + '.');
    } catch (error) {
      fail(error, 'Forwarding the chat with ' + room.fname + ' to ' + name);
    }
    this.reload();
  }

  /**
   * The agents whose statusLivechat is available but the one left out, by username (livechat/users/agent, which
   * needs transfer-livechat-guest as Forward does): id to username. None when they cannot be listed; the page says why
   * and Forward still offers the departments.
   */
  async agentsOnDuty(excludeId) {
    const query = new URLSearchParams({onlyAvailable: 'true', excludeId, count: String(PAGE_SIZE),
      sort: JSON.stringify({username: 1})});
    try {
      const answer = await api('GET', LIVECHAT + '/users/agent?' + query.toString());
      return new Map(answer.users.map((user) => [user._id, user.username]));
    } catch (error) {
      fail(error, 'Loading the agents');
      return new Map();
    }
  }
}

function option(value, text) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  return element;
}
