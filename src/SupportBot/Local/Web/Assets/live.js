// Keeps the page current. Server-Sent Events from /api/local/stream push every change; after a
// drop the browser reconnects with the last event id and the server sends what was missed (or
// "reset", and the page reloads everything). While the stream is down, or where EventSource is
// missing, the page polls instead. Work is done one item at a time, in arrival order, so a reload
// never overtakes a change that arrived after it started.
(function () {
  'use strict';

  const PollEvery = 3000;
  const ReopenAfter = 2000;

  /**
   * handlers: reload() -> Promise (fetch everything), message(view), conversation(conversation),
   * status('live' | 'reconnecting' | 'polling'), failed(error).
   */
  function connect(handlers) {
    let source = null;
    let cursor = null;
    let poll = null;
    let queue = Promise.resolve();

    const enqueue = (work) => {
      queue = queue.then(work).catch((error) => handlers.failed(error));
      return queue;
    };

    const startPolling = () => {
      if (poll === null) {
        enqueue(handlers.reload);
        poll = window.setInterval(() => enqueue(handlers.reload), PollEvery);
      }
    };

    const stopPolling = () => {
      if (poll !== null) {
        window.clearInterval(poll);
        poll = null;
      }
    };

    const listen = (type, apply) => {
      source.addEventListener(type, (event) => {
        if (event.lastEventId) {
          cursor = event.lastEventId;
        }
        const data = JSON.parse(event.data);
        enqueue(() => apply(data));
      });
    };

    const open = () => {
      if (typeof window.EventSource !== 'function') {
        handlers.status('polling');
        startPolling();
        return;
      }
      // A stream opened again by hand (not the browser's own retry) says where it left off in the URL.
      source = new EventSource('/api/local/stream' + (cursor ? '?after=' + encodeURIComponent(cursor) : ''));
      source.addEventListener('open', () => {
        stopPolling();
        handlers.status('live');
      });
      listen('hello', () => handlers.reload());
      listen('reset', () => handlers.reload());
      listen('message', (view) => handlers.message(view));
      listen('conversation', (conversation) => handlers.conversation(conversation));
      source.addEventListener('error', () => {
        handlers.status('reconnecting');
        startPolling();
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          window.setTimeout(open, ReopenAfter);
        }
      });
    };

    open();
    return { refresh: () => enqueue(handlers.reload) };
  }

  window.LiveFeed = { connect };
})();
