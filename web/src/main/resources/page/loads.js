// The desk's agents, for those who watch it (view-livechat-manager): each agent's status, its open chats against its
// capacity ("2 / 3", "2 / —" without a limit), its departments, and the desk's routing method, from agents.loads
// (this service's own endpoint; one read, so the loads and the method agree). It holds no stream of its own: the
// page calls changed() when a queue's stream says the queue changed (an arrival, a take, a return), and it reloads
// at most once a second however many changes come; a slow timer reloads it for what no queue stream carries (an
// agent going on or off duty, a chat closed). Errors go to the page's message lines.
// Exports: AgentLoads.

import {LIVECHAT, api, loadOneAtATime} from './api.js';
import {fail} from './messages.js';
import {emptyRow} from './tables.js';

const $ = (id) => document.getElementById(id);
const MIN_INTERVAL_MS = 1000; // the most often a burst of changes reloads it
const POLL_MS = 15000; // the reload for changes no queue stream carries
const NONE = '—'; // no limit, no department
const STATUSES = {'available': 'On duty', 'not-available': 'Off duty'};
const ROUTING_METHODS = {
  Manual_Selection: 'Manual selection (agents take chats from the queue)',
  Auto_Selection: 'Auto selection (fewest chats routed so far)',
  Load_Balancing: 'Load balancing (fewest open chats now)',
  Load_Rotation: 'Load rotation (routed longest ago)',
};

/** The load as the page writes it: "2 / 3", or "2 / —" for an agent without a limit. */
function loadText(agent) {
  return agent.openChats + ' / ' + (agent.capacity === null ? NONE : agent.capacity);
}

export class AgentLoads {
  /** @param prefix the ids of its elements in index.html (agents-rows, agents-total, agents-routing, agents-refresh) */
  constructor(prefix) {
    this.prefix = prefix;
    this.active = false;
    this.generation = 0;
    this.loading = null;
    this.dirty = false;
    this.lastStarted = 0;
    this.pending = null; // the reload a change scheduled
    this.poll = null;
    this.el('refresh').addEventListener('click', () => this.reload());
  }

  el(suffix) {
    return $(this.prefix + '-' + suffix);
  }

  start() {
    this.stop();
    this.active = true;
    this.poll = setInterval(() => this.reload(), POLL_MS);
    this.reload();
  }

  stop() {
    this.generation++;
    this.active = false;
    clearInterval(this.poll);
    clearTimeout(this.pending);
    this.poll = null;
    this.pending = null;
    this.el('rows').replaceChildren();
    this.el('total').textContent = 'Loading…';
    this.el('routing').textContent = '';
  }

  /** A queue changed: reloads once the last load is a second old, one reload for a burst of changes. */
  changed() {
    if (!this.active || this.pending !== null) {
      return;
    }
    const wait = Math.max(0, this.lastStarted + MIN_INTERVAL_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = null;
      this.reload();
    }, wait);
  }

  /** Loads the agents; when asked again meanwhile, loads once more afterwards. */
  reload() {
    if (!this.active) {
      return Promise.resolve();
    }
    return loadOneAtATime(this, {
      request: () => {
        this.lastStarted = Date.now();
        return api('GET', LIVECHAT + '/agents.loads');
      },
      loaded: (answer) => this.render(answer),
      failed: (error) => fail(error, 'Loading the agents'),
      again: () => this.changed(),
    });
  }

  render(answer) {
    const tbody = this.el('rows');
    const rows = answer.agents.map((agent) => this.makeRow(agent));
    if (rows.length === 0) {
      rows.push(emptyRow(4, 'No agent you may see.'));
    }
    tbody.replaceChildren(...rows);
    const count = answer.agents.length;
    this.el('total').textContent = count === 1 ? '1 agent' : count + ' agents';
    this.el('routing').textContent = 'Routing: '
      + (ROUTING_METHODS[answer.routingMethod] || answer.routingMethod);
  }

  makeRow(agent) {
    const tr = document.createElement('tr');
    tr.dataset.id = agent._id;
    tr.dataset.username = agent.username;
    if (agent.statusLivechat !== 'available') {
      tr.classList.add('off-duty');
    }
    if (agent.capacity !== null && agent.openChats >= agent.capacity) {
      tr.classList.add('full'); // at capacity: no chat reaches the agent until one ends
    }
    const cells = [
      ['username', agent.name ? agent.username + ' (' + agent.name + ')' : agent.username],
      ['status', STATUSES[agent.statusLivechat] || agent.statusLivechat],
      ['load', loadText(agent)],
      ['departments', agent.departments.length === 0 ? NONE
        : agent.departments.map((department) => department.name).join(', ')],
    ];
    cells.forEach(([className, text]) => {
      const td = document.createElement('td');
      td.className = className;
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }
}
