// A live stream of the service: Server-Sent Events over fetch (a ReadableStream parser, since EventSource
// cannot send the credentials' headers), reconnected after a cut, sooner first and then every 15 s at most,
// with Last-Event-ID; where the service has no stream (404) or no room for another (503), a refresh every
// 2 seconds instead, trying the stream again now and then. No DOM: what it does is told to its owner.
// Exports: LiveStream, readEvents.

import {ApiError, authHeaders, reached} from './api.js';

const POLL_MS = 2000;
const STREAM_RETRY_WHILE_POLLING_MS = 30000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

/**
 * Reads an event stream (the WHATWG format: fields event, data, id, retry; comment lines start with ':';
 * a blank line dispatches) and calls onEvent({event, data, id}) for each event.
 */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {event: '', data: [], id: null};
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (buffer[newline] === '\r' && newline === buffer.length - 1) {
        break;
      }
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length > 0 || event.event) {
          onEvent({event: event.event || 'message', data: event.data.join('\n'), id: event.id});
        }
        event = {event: '', data: [], id: null};
        continue;
      }
      if (line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? '' : line.slice(colon + 1);
      if (text.startsWith(' ')) {
        text = text.slice(1);
      }
      if (field === 'event') {
        event.event = text;
      } else if (field === 'data') {
        event.data.push(text);
      } else if (field === 'id' && !text.includes('\0')) {
        event.id = text;
      }
    }
  }
}

/** One subscription to a stream, kept up through cuts, or replaced by polling where there is no stream. */
export class LiveStream {
  /**
   * @param url what to connect to, asked at each connection (a filter may have changed it)
   * @param on  its owner's side: mode(mode) on every change of mode (and on every retry while interrupted),
   *            event({event, data, id}) for each event, refresh() a promise of the data reloaded (each round
   *            of polling), refused(apiError) when the service refuses the stream (other than 404 and 503)
   */
  constructor(url, on) {
    this.url = url;
    this.on = on;
    this.generation = 0; // bumped on start() and stop(): answers to an older generation are dropped
    this.lastEventId = null;
    this.attempt = 0;
    this.controller = null;
    this.timer = null;
    this.mode = 'off'; // off | connecting | live | interrupted | polling
  }

  setMode(mode) {
    this.mode = mode;
    this.on.mode(mode);
  }

  /** A new subscription: it says it is connecting; connect() follows once what it updates is loaded. */
  start() {
    this.generation++;
    this.setMode('connecting');
  }

  stop() {
    this.generation++;
    this.setMode('off');
    clearTimeout(this.timer);
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
    this.lastEventId = null;
    this.attempt = 0;
  }

  /** Another subscription (another filter): connects again at once, starting with a reset. */
  restart() {
    if (this.mode === 'off') {
      return;
    }
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
    clearTimeout(this.timer);
    this.lastEventId = null; // another filter is another subscription: start it with a reset
    this.attempt = 0;
    this.connect();
  }

  async connect() {
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const headers = Object.assign({Accept: 'text/event-stream'}, authHeaders());
    if (this.lastEventId !== null) {
      headers['Last-Event-ID'] = this.lastEventId;
    }
    let response;
    try {
      response = await fetch(this.url(), {headers: headers, cache: 'no-store', credentials: 'omit',
        signal: controller.signal});
    } catch (networkFailure) {
      if (generation === this.generation && !controller.signal.aborted) {
        this.interrupted();
      }
      return;
    }
    if (generation !== this.generation || controller.signal.aborted) {
      return;
    }
    reached();
    if (response.status === 404 || response.status === 503) {
      // No stream on this service (404), or no room for another one (503): refresh by polling instead.
      this.poll();
      return;
    }
    if (!response.ok) {
      let body = null;
      try {
        body = await response.json();
      } catch (notJson) {
        body = null;
      }
      this.on.refused(new ApiError(response.status, body));
      if (response.status !== 401 && generation === this.generation) {
        this.poll();
      }
      return;
    }
    this.attempt = 0;
    this.setMode('live');
    try {
      await readEvents(response.body, (event) => {
        if (generation === this.generation) {
          this.received(event);
        }
      });
    } catch (cut) {
      // Aborted by stop() or restart(), or the connection broke: handled below.
    }
    if (generation === this.generation && !controller.signal.aborted) {
      this.interrupted();
    }
  }

  received(event) {
    if (event.id !== null) {
      this.lastEventId = event.id;
    }
    this.on.event(event);
  }

  interrupted() {
    this.setMode('interrupted');
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay + Math.floor(Math.random() * 250));
  }

  poll() {
    this.setMode('polling');
    const generation = this.generation;
    const startedPolling = Date.now();
    const round = () => {
      if (generation !== this.generation || this.mode !== 'polling') {
        return;
      }
      if (Date.now() - startedPolling >= STREAM_RETRY_WHILE_POLLING_MS) {
        this.connect(); // the stream may be back (or deployed): try it again now and then
        return;
      }
      const began = Date.now();
      this.on.refresh().finally(() => {
        clearTimeout(this.timer);
        this.timer = setTimeout(round, Math.max(0, POLL_MS - (Date.now() - began)));
      });
    };
    clearTimeout(this.timer);
    this.timer = setTimeout(round, POLL_MS);
  }
}
