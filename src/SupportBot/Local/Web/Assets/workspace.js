// The local workspace page: who you are, every conversation side by side (your direct messages
// with the bot, #triage, #managers, each Severity 1 bridge, everyone else's direct messages), kept
// live by live.js. Everything is sent to /api/local/events as the person the panel acts for.
(function () {
  'use strict';

  const { node } = window.AdaptiveCards.util;
  const MeKey = 'supportbot.workspace.me';
  const GuestsKey = 'supportbot.workspace.guests';
  const firstGuest = { id: 'rita', name: 'Rita Reporter' };

  const state = {
    people: [],
    guests: stored(GuestsKey, [firstGuest]),
    me: window.localStorage.getItem(MeKey) || firstGuest.id,
    conversations: new Map(),
    panels: new Map(),
  };

  const container = document.getElementById('panels');
  const meSelect = document.getElementById('me');
  const status = document.getElementById('status');
  const pageError = document.getElementById('page-error');

  const workspace = {
    me: () => state.me,
    nameOf,
    orderOf: (id) => {
      const index = state.people.findIndex((p) => p.id === id);
      return index < 0 ? state.people.length : index;
    },
    post,
  };

  function stored(key, fallback) {
    try {
      const value = JSON.parse(window.localStorage.getItem(key));
      return Array.isArray(value) && value.every((g) => g && typeof g.id === 'string' && typeof g.name === 'string') ? value : fallback;
    } catch {
      return fallback;
    }
  }

  function nameOf(id) {
    const known = state.people.find((p) => p.id === id) || state.guests.find((g) => g.id === id);
    if (known) {
      return known.name;
    }
    const direct = state.conversations.get('dm:' + id);
    return direct ? direct.name.replace(/ and SupportBot$/, '') : id;
  }

  /** Everyone the page can play: the policy's people, the extra names added here, and whoever has written to the bot. */
  function everyone() {
    const ids = new Set([...state.people.map((p) => p.id), ...state.guests.map((g) => g.id)]);
    const others = [...state.conversations.keys()].filter((id) => id.startsWith('dm:') && !ids.has(id.slice(3))).map((id) => id.slice(3));
    const guests = state.guests.map((g) => g.id).concat(others);
    if (!ids.has(state.me) && !guests.includes(state.me)) {
      guests.push(state.me);
    }
    return { staff: state.people, guests };
  }

  function renderIdentity() {
    const { staff, guests } = everyone();
    const desk = node('optgroup');
    desk.label = 'The desk (from the policy)';
    for (const person of staff) {
      const option = node('option', '', person.name + (person.roles.length ? ' · ' + person.roles.join(', ') : ''));
      option.value = person.id;
      desk.appendChild(option);
    }
    const others = node('optgroup');
    others.label = 'Reporters';
    for (const id of guests) {
      const option = node('option', '', nameOf(id));
      option.value = id;
      others.appendChild(option);
    }
    meSelect.replaceChildren(others, desk);
    meSelect.value = state.me;
  }

  function choose(id) {
    state.me = id;
    window.localStorage.setItem(MeKey, id);
    renderIdentity();
    layout();
  }

  function addGuest(name) {
    const clean = name.trim().replace(/\s+/g, ' ');
    const id = clean.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
    if (!id) {
      fail('A name needs at least one letter or digit.');
      return;
    }
    if (!state.people.some((p) => p.id === id) && !state.guests.some((g) => g.id === id)) {
      state.guests.push({ id, name: clean });
      window.localStorage.setItem(GuestsKey, JSON.stringify(state.guests));
    }
    choose(id);
  }

  function panelFor(id) {
    let panel = state.panels.get(id);
    if (!panel) {
      panel = new window.WorkspacePanel(id, workspace);
      state.panels.set(id, panel);
    }
    return panel;
  }

  /** Your direct messages first, then #triage, #managers, the bridges and other channels, then everyone else's direct messages. */
  function layout() {
    const mine = 'dm:' + state.me;
    for (const [id, panel] of state.panels) {
      if (!state.conversations.has(id) && id !== mine) {
        panel.element.remove();
        state.panels.delete(id);
      }
    }
    const rank = (id) => (id === mine ? 0 : id === 'triage' ? 1 : id === 'managers' ? 2 : id.startsWith('dm:') ? 4 : 3);
    const ids = [...new Set([mine, ...state.conversations.keys()])];
    const created = (id) => (state.conversations.has(id) ? state.conversations.get(id).createdAt : '');
    ids.sort((a, b) => rank(a) - rank(b) || created(a).localeCompare(created(b)) || a.localeCompare(b));
    ids.forEach((id, index) => {
      const panel = panelFor(id);
      panel.update(state.conversations.get(id) || null);
      if (container.children[index] !== panel.element) {
        container.insertBefore(panel.element, container.children[index] || null);
      }
    });
  }

  function applyConversation(conversation) {
    state.conversations.set(conversation.id, conversation);
    layout();
    if (conversation.isDirect) {
      renderIdentity();
    }
  }

  function applyMessage(view) {
    if (!state.conversations.has(view.conversationId)) {
      // Its conversation event is on its way; show the message meanwhile.
      state.conversations.set(view.conversationId, { id: view.conversationId, name: view.conversationId, members: [], createdAt: view.createdAt });
      layout();
    }
    panelFor(view.conversationId).show(view);
  }

  async function reload() {
    const [people, conversations] = await Promise.all([getJson('/api/local/people'), getJson('/api/local/conversations')]);
    state.people = people;
    state.conversations = new Map(conversations.map((c) => [c.id, c]));
    const messages = await Promise.all(conversations.map((c) => getJson('/api/local/conversations/' + encodeURIComponent(c.id) + '/messages')));
    renderIdentity();
    layout();
    conversations.forEach((c, i) => {
      const panel = panelFor(c.id);
      messages[i].forEach((view) => panel.show(view));
      panel.keepOnly(new Set(messages[i].map((view) => view.id)));
    });
    pageError.hidden = true;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(url + ' answered ' + response.status);
    }
    return response.json();
  }

  /** Sends an event as the panel's person; returns the desk's answer, or null after showing why it failed. */
  async function post(panel, event) {
    const actor = panel.actorId();
    const body = Object.assign({ id: eventId(), user: { id: actor, name: nameOf(actor) }, conversation: panel.id }, event);
    let response;
    try {
      response = await fetch('/api/local/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      panel.notice('SupportBot cannot be reached (' + error.message + '). Try again when it is back.', 'error');
      return null;
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      panel.notice((answer && (answer.detail || answer.title)) || 'SupportBot answered ' + response.status + '.', 'error');
      return null;
    }
    if (answer && answer.reply === 'Notice' && answer.text) {
      panel.notice(answer.text, 'info');
    }
    return answer;
  }

  // Each event gets its own id, so a retried request is recognised and processed once.
  function eventId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    return [...window.crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function fail(message) {
    pageError.textContent = message;
    pageError.hidden = false;
  }

  function showStatus(value) {
    document.body.dataset.status = value;
    status.textContent = { live: 'Live', reconnecting: 'Reconnecting… (polling meanwhile)', polling: 'Polling every few seconds' }[value] || value;
  }

  meSelect.addEventListener('change', () => choose(meSelect.value));
  document.getElementById('add-guest').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('guest-name');
    addGuest(input.value);
    input.value = '';
  });

  renderIdentity();
  layout();
  window.LiveFeed.connect({
    reload,
    message: applyMessage,
    conversation: applyConversation,
    status: showStatus,
    failed: (error) => fail('Could not refresh the workspace: ' + error.message),
  });
})();
