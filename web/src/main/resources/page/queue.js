// The queue table: one table of inquiries from a list endpoint, paged, sorted and filtered by department, kept
// live through inquiries.stream (a LiveStream), each wait counting up; an agent's rows have a Take button.
// Exports: Queue, tick (the waits' count, once a second by the page).

import {ApiError, LIVECHAT, api, loadOneAtATime} from './api.js';
import {clearError, fail, showNotice} from './messages.js';
import {LiveStream} from './stream.js';
import {emptyRow} from './tables.js';

// What the live line under a queue's tools says in each mode of its stream.
const LIVE_TEXTS = {
  off: '',
  connecting: 'Connecting to live updates…',
  live: 'Live updates on.',
  interrupted: 'Live updates interrupted — reconnecting…',
  polling: 'Live updates are not available here; the list refreshes every 2 seconds.',
};

const $ = (id) => document.getElementById(id);

// --- Time ----------------------------------------------------------------------------------------------

function waitingText(ts, now) {
  const seconds = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (seconds < 60) {
    return 'waiting ' + seconds + ' s';
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return 'waiting ' + minutes + ' min';
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return 'waiting ' + hours + ' h ' + (minutes % 60) + ' min';
  }
  return 'waiting ' + Math.floor(hours / 24) + ' days';
}

export function tick() {
  const now = Date.now();
  document.querySelectorAll('[data-ts]').forEach((cell) => {
    const text = waitingText(cell.dataset.ts, now);
    if (cell.firstChild.textContent !== text) {
      cell.firstChild.textContent = text;
    }
  });
}

// --- A queue: one table of inquiries, paged, sorted, filtered and kept live ------------------------------

export class Queue {
  /**
   * @param prefix  the ids of its elements in index.html (queue-list, queue-mine)
   * @param of      the stream's `of` (list, queuedForUser)
   * @param path    the list endpoint
   * @param defaultSort the endpoint's default order
   * @param departmentsQuery what loads its filter's options: a promise of [{_id, name, enabled}]
   * @param canTake whether its rows have a Take button
   * @param on      the page's side: rendered(queue) after each render, offDuty() when a take finds the agent
   *                off duty (switched off elsewhere), changed(queue) when its stream tells of a change (or, where
   *                it polls, at each round) and after a take: what follows the chats may reload
   */
  constructor(prefix, of, path, defaultSort, departmentsQuery, canTake, on) {
    this.prefix = prefix;
    this.of = of;
    this.path = path;
    this.defaultSort = defaultSort;
    this.sort = defaultSort;
    this.departmentsQuery = departmentsQuery;
    this.canTake = canTake;
    this.on = on;
    this.readOnly = false; // its Take buttons are disabled (the agent is off duty)
    this.offset = 0;
    this.count = 25;
    this.department = '';
    this.rows = [];
    this.total = 0;
    this.rowElements = new Map();
    this.departmentNames = new Map();
    this.gone = new Set(); // removed here already (taken by this user): the stream's removal is not counted twice
    this.generation = 0; // bumped on stop(): answers to an older generation are dropped
    this.loading = null;
    this.dirty = false;
    this.failedToLoad = false;
    this.refillTimer = null;
    this.stream = new LiveStream(() => this.streamUrl(), {
      mode: (mode) => this.setLive(LIVE_TEXTS[mode], mode === 'interrupted'),
      event: (event) => this.onEvent(event),
      refresh: () => {
        this.on.changed(this);
        return this.reload();
      },
      refused: (error) => fail(error, 'Live updates'),
    });
    this.wire();
  }

  el(suffix) {
    return $(this.prefix + '-' + suffix);
  }

  wire() {
    this.el('department').addEventListener('change', (event) => {
      this.department = event.target.value;
      this.offset = 0;
      this.stream.restart();
      this.reload();
    });
    this.el('count').addEventListener('change', (event) => {
      this.count = Number(event.target.value);
      this.offset = 0;
      this.reload();
    });
    this.el('previous').addEventListener('click', () => {
      this.offset = Math.max(0, this.offset - this.count);
      this.reload();
    });
    this.el('next').addEventListener('click', () => {
      this.offset += this.count;
      this.reload();
    });
    $(this.prefix).querySelectorAll('th[data-field] button').forEach((button) => {
      button.addEventListener('click', () => this.sortBy(button.parentElement.dataset.field));
    });
  }

  sortBy(field) {
    const current = this.sort[field];
    // A click reverses the column's order, or sorts by a new column ascending.
    this.sort = {[field]: current ? -current : 1};
    this.offset = 0;
    this.showSort();
    this.reload();
  }

  showSort() {
    $(this.prefix).querySelectorAll('th[data-field]').forEach((th) => {
      const value = this.sort[th.dataset.field];
      th.setAttribute('aria-sort', value === 1 ? 'ascending' : value === -1 ? 'descending' : 'none');
    });
  }

  /** Back to the endpoint's defaults: the next one to sign in starts afresh. */
  resetView() {
    this.sort = this.defaultSort;
    this.offset = 0;
    this.count = 25;
    this.department = '';
    this.el('count').value = '25';
    this.el('department').replaceChildren(this.el('department').options[0]);
    this.showSort();
  }

  async start() {
    this.generation++;
    this.stream.start();
    await this.loadDepartments();
    this.reload();
    this.stream.connect();
  }

  stop() {
    this.generation++;
    this.stream.stop();
    clearTimeout(this.refillTimer);
    this.rows = [];
    this.total = 0;
    this.rowElements.clear();
    this.el('rows').replaceChildren();
    this.el('total').textContent = 'Loading…';
    this.el('range').textContent = '';
    this.resetView();
  }

  async loadDepartments() {
    const generation = this.generation;
    const select = this.el('department');
    try {
      const departments = await this.departmentsQuery();
      if (generation !== this.generation) {
        return;
      }
      this.departmentNames = new Map(departments.map((department) => [department._id, department.name]));
      select.replaceChildren(select.options[0]);
      departments.forEach((department) => {
        const option = document.createElement('option');
        option.value = department._id;
        option.textContent = department.name + (department.enabled ? '' : ' (disabled)');
        select.appendChild(option);
      });
      select.value = this.department;
    } catch (error) {
      fail(error, 'Loading the departments');
    }
  }

  listQuery() {
    const parameters = new URLSearchParams({offset: String(this.offset), count: String(this.count),
      sort: JSON.stringify(this.sort)});
    if (this.department) {
      parameters.set('department', this.department);
    }
    return parameters.toString();
  }

  /** Loads the page; when something changed meanwhile, loads it once more afterwards. */
  reload() {
    return loadOneAtATime(this, {
      request: () => api('GET', this.path + '?' + this.listQuery()),
      loaded: (page) => {
        if (page.inquiries.length === 0 && this.offset > 0 && page.total > 0) {
          // The page emptied (others took its inquiries): show the last page that has some.
          this.offset = Math.max(0, Math.floor((page.total - 1) / this.count) * this.count);
          this.dirty = true;
          return;
        }
        this.rows = page.inquiries;
        this.total = page.total;
        this.gone.clear();
        this.render();
        if (this.failedToLoad) {
          this.failedToLoad = false;
          clearError(); // the failure shown before is over
        }
      },
      failed: (error) => {
        this.failedToLoad = true;
        fail(error, 'Loading the queue');
      },
      again: () => this.reload(),
    });
  }

  // --- Live updates ---

  streamUrl() {
    const parameters = new URLSearchParams({of: this.of});
    if (this.department) {
      parameters.set('department', this.department);
    }
    return LIVECHAT + '/inquiries.stream?' + parameters.toString();
  }

  /** One event of the stream: a reset reloads the page; an inquiry added, changed or removed updates it. */
  onEvent(event) {
    if (event.event === 'reset') {
      this.on.changed(this);
      this.reload();
      return;
    }
    if (!['added', 'changed', 'removed'].includes(event.event)) {
      return;
    }
    this.on.changed(this);
    let inquiry;
    try {
      inquiry = JSON.parse(event.data);
    } catch (notJson) {
      return;
    }
    if (!inquiry || typeof inquiry._id !== 'string') {
      return;
    }
    if (this.loading) {
      // The page being loaded may or may not include this change: load it again afterwards.
      this.dirty = true;
      return;
    }
    delete inquiry.type;
    if (event.event === 'added') {
      this.removeRow(inquiry._id);
      this.total++;
      this.place(inquiry);
    } else if (event.event === 'changed') {
      this.removeRow(inquiry._id);
      this.place(inquiry);
    } else {
      const shown = this.removeRow(inquiry._id);
      if (this.gone.has(inquiry._id)) {
        this.gone.delete(inquiry._id);
      } else if (shown || this.total > this.rows.length) {
        this.total = Math.max(0, this.total - 1);
      }
    }
    this.render();
    this.refillLater();
  }

  compare(a, b) {
    const keys = Object.keys(this.sort);
    for (const key of keys) {
      const left = a[key];
      const right = b[key];
      if (left !== right) {
        // A missing value (no department) sorts first ascending, as the API sorts it.
        const order = left === undefined ? -1 : right === undefined ? 1 : left < right ? -1 : 1;
        return order * this.sort[key];
      }
    }
    const last = this.sort[keys[keys.length - 1]] || 1;
    return a._id === b._id ? 0 : (a._id < b._id ? -1 : 1) * last;
  }

  /** Puts an inquiry where the order says, when that is on this page. */
  place(inquiry) {
    let index = this.rows.findIndex((row) => this.compare(inquiry, row) < 0);
    if (index < 0) {
      index = this.rows.length;
    }
    if (index === 0 && this.offset > 0) {
      return; // it sorts before this page: an earlier page's
    }
    if (index === this.rows.length && this.rows.length >= this.count) {
      return; // it sorts after this page: a later page's
    }
    this.rows.splice(index, 0, inquiry);
    if (this.rows.length > this.count) {
      this.rows.pop();
    }
  }

  removeRow(id) {
    const index = this.rows.findIndex((row) => row._id === id);
    if (index < 0) {
      return false;
    }
    this.rows.splice(index, 1);
    return true;
  }

  /** A page that lost rows while later pages have some: fill it up, quietly, a moment later. */
  refillLater() {
    if (this.rows.length < this.count && this.total > this.offset + this.rows.length) {
      clearTimeout(this.refillTimer);
      this.refillTimer = setTimeout(() => this.reload(), 500);
    }
  }

  setLive(text, interrupted) {
    const live = this.el('live');
    live.textContent = text;
    live.classList.toggle('interrupted', interrupted);
  }

  // --- Rendering: rows are kept by id, so a refresh never moves the keyboard focus away ---

  render() {
    const tbody = this.el('rows');
    const focusedRow = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('tr') : null;
    const focusedIndex = focusedRow ? Array.prototype.indexOf.call(tbody.children, focusedRow) : -1;
    const wanted = new Set(this.rows.map((row) => row._id));
    for (const [id, tr] of this.rowElements) {
      if (!wanted.has(id)) {
        tr.remove();
        this.rowElements.delete(id);
      }
    }
    const empty = tbody.querySelector('tr.empty');
    if (empty) {
      empty.remove();
    }
    this.rows.forEach((inquiry, index) => {
      let tr = this.rowElements.get(inquiry._id);
      if (!tr) {
        tr = this.makeRow(inquiry);
        this.rowElements.set(inquiry._id, tr);
      } else {
        this.fillRow(tr, inquiry);
      }
      if (tbody.children[index] !== tr) {
        tbody.insertBefore(tr, tbody.children[index] || null);
      }
    });
    if (this.rows.length === 0) {
      tbody.appendChild(emptyRow(this.canTake ? 4 : 3, 'Nobody is waiting here.'));
    }
    // The row with the focus is gone (taken): keep the focus in the table, on the row that took its place.
    if (focusedIndex >= 0 && !tbody.contains(document.activeElement)) {
      const next = tbody.children[Math.min(focusedIndex, tbody.children.length - 1)];
      const target = next && next.querySelector('button');
      if (target) {
        target.focus();
      } else {
        this.el('total').parentElement.setAttribute('tabindex', '-1');
        this.el('total').parentElement.focus();
      }
    }
    const last = this.offset + this.rows.length;
    this.el('total').textContent = this.total === 1 ? '1 inquiry waiting' : this.total + ' inquiries waiting';
    this.el('range').textContent = this.rows.length === 0 ? '' : (this.offset + 1) + '–' + last + ' of ' + this.total;
    this.el('previous').disabled = this.offset === 0;
    this.el('next').disabled = last >= this.total;
    this.on.rendered(this);
    tick();
  }

  makeRow(inquiry) {
    const tr = document.createElement('tr');
    tr.dataset.id = inquiry._id;
    const name = document.createElement('td');
    name.className = 'name';
    const department = document.createElement('td');
    department.className = 'department';
    const waiting = document.createElement('td');
    waiting.className = 'waiting';
    waiting.append(document.createTextNode(''), document.createElement('br'), document.createElement('span'));
    waiting.lastChild.className = 'since';
    tr.append(name, department, waiting);
    if (this.canTake) {
      const action = document.createElement('td');
      const take = document.createElement('button');
      take.type = 'button';
      take.className = 'take';
      take.addEventListener('click', () => this.take(tr.dataset.id, take));
      action.appendChild(take);
      tr.appendChild(action);
    }
    this.fillRow(tr, inquiry);
    return tr;
  }

  fillRow(tr, inquiry) {
    tr.inquiry = inquiry;
    tr.querySelector('.name').textContent = inquiry.name;
    tr.querySelector('.department').textContent = inquiry.department === undefined
      ? '—' : this.departmentNames.get(inquiry.department) || inquiry.department;
    const waiting = tr.querySelector('.waiting');
    waiting.dataset.ts = inquiry.ts;
    waiting.lastChild.textContent = 'since ' + new Date(inquiry.ts).toLocaleString();
    const take = tr.querySelector('button.take');
    if (take) {
      take.textContent = 'Take';
      take.setAttribute('aria-label', 'Take the chat with ' + inquiry.name);
      take.disabled = this.readOnly;
    }
  }

  /** Off duty, an agent takes no chats: the rows stay, their Take buttons are disabled, and the page says why. */
  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    this.el('read-only').hidden = !readOnly;
    this.el('rows').querySelectorAll('button.take').forEach((take) => {
      take.disabled = readOnly;
    });
  }

  async take(inquiryId, button) {
    const row = this.rows.find((candidate) => candidate._id === inquiryId);
    const name = row ? row.name : 'the visitor';
    if (button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    // Not `disabled`: that would drop the keyboard focus, which should stay in the row (and move on with it).
    button.setAttribute('aria-disabled', 'true');
    try {
      await api('POST', LIVECHAT + '/inquiries.take', {inquiryId: inquiryId});
      this.dropTaken(inquiryId);
      showNotice('You took the chat with ' + name + '.');
      this.on.changed(this);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400
          && (error.body.errorType === 'error-inquiry-taken' || error.body.errorType === 'error-not-found')) {
        this.dropTaken(inquiryId);
      } else {
        button.removeAttribute('aria-disabled');
      }
      if (error instanceof ApiError && error.status === 400
          && error.body.errorType === 'error-agent-status-service-offline') {
        this.on.offDuty(); // switched off duty elsewhere
      }
      fail(error, 'Taking the chat with ' + name);
    }
  }

  /** The inquiry left the queue; the stream's removal of it, when it comes, is not counted again. */
  dropTaken(inquiryId) {
    if (this.removeRow(inquiryId)) {
      this.total = Math.max(0, this.total - 1);
      if (this.stream.mode === 'live') {
        this.gone.add(inquiryId);
      }
      this.render();
      this.refillLater();
    }
  }
}
