// One conversation on the page: its header, its messages (people's text and the bot's cards), the
// notices only the person who acted sees, and a compose box that writes as the chosen person.
(function () {
  'use strict';

  const { node } = window.AdaptiveCards.util;
  const MaxNotices = 4;

  class Panel {
    /** workspace: nameOf(id), orderOf(id), me(), post(panel, body) -> Promise<result | null>. */
    constructor(id, workspace) {
      this.id = id;
      this.workspace = workspace;
      this.conversation = null;
      this.entries = new Map();
      this.inFlight = new Set();
      this.errors = new Map();
      this.chosenActor = null;
      this.build();
    }

    build() {
      this.element = node('section', 'panel');
      this.element.dataset.conversation = this.id;
      const header = node('header', 'panel-header');
      this.title = node('h2', 'panel-title');
      this.subtitle = node('p', 'panel-subtitle');
      this.actorLabel = node('label', 'panel-actor', 'as ');
      this.actor = node('select', 'actor');
      this.actor.setAttribute('aria-label', 'Write and click as');
      this.actor.addEventListener('change', () => {
        this.chosenActor = this.actor.value;
        this.updateCompose();
      });
      this.actorLabel.appendChild(this.actor);
      header.append(this.title, this.actorLabel, this.subtitle);
      this.list = node('ol', 'messages');
      this.empty = node('li', 'messages-empty');
      this.list.appendChild(this.empty);
      this.notices = node('div', 'notices');
      this.form = node('form', 'compose');
      this.input = node('textarea', 'compose-text');
      this.input.rows = 2;
      this.input.maxLength = 4000;
      this.send = node('button', 'compose-send', 'Send');
      this.send.type = 'submit';
      this.form.append(this.input, this.send);
      this.form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.submit();
      });
      this.input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          this.submit();
        }
      });
      this.element.append(header, this.list, this.notices, this.form);
      this.update(null);
    }

    get direct() {
      return this.id.startsWith('dm:');
    }

    /** Who writes and clicks here: the owner of a direct conversation, or the person chosen for a channel. */
    actorId() {
      return this.direct ? this.id.slice(3) : this.actor.value;
    }

    /** The conversation's details changed (or it does not exist yet: a direct conversation still to start). */
    update(conversation) {
      this.conversation = conversation;
      const name = this.workspace.nameOf;
      this.element.classList.toggle('archived', Boolean(conversation && conversation.archived));
      if (this.direct) {
        this.title.textContent = name(this.id.slice(3));
        this.subtitle.textContent = 'Direct messages with SupportBot';
        this.actorLabel.hidden = true;
        this.empty.textContent = 'Nothing yet. Describe a problem to report it, or type /help.';
      } else {
        this.title.textContent = '#' + (conversation ? conversation.name : this.id);
        const members = conversation ? conversation.members : [];
        this.subtitle.textContent = (conversation && conversation.topic ? conversation.topic + ' · ' : '') + members.length + ' members';
        this.subtitle.title = members.map(name).join(', ');
        this.actorLabel.hidden = false;
        this.fillActors(members);
        this.empty.textContent = 'No messages yet.';
      }
      this.updateCompose();
    }

    fillActors(members) {
      const me = this.workspace.me();
      // The policy's people in its order (agents come first there), then anyone else by name.
      const order = this.workspace.orderOf;
      const ids = members.slice().sort((a, b) => order(a) - order(b) || this.workspace.nameOf(a).localeCompare(this.workspace.nameOf(b)));
      if (!ids.includes(me)) {
        ids.push(me);
      }
      const selected = [this.chosenActor, me, ids[0]].find((id) => id && members.includes(id)) || me;
      this.actor.replaceChildren(...ids.map((id) => {
        const option = node('option', '', this.workspace.nameOf(id) + (members.includes(id) ? '' : ' (not a member)'));
        option.value = id;
        return option;
      }));
      this.actor.value = selected;
    }

    updateCompose() {
      const archived = Boolean(this.conversation && this.conversation.archived);
      this.input.disabled = archived;
      this.send.disabled = archived;
      this.input.placeholder = archived
        ? 'Archived: read only'
        : 'Write as ' + this.workspace.nameOf(this.actorId()) + ' (Enter sends, /help for commands)';
    }

    /** A message is new or changed. A card someone is answering is redrawn once the answer is in. */
    show(view) {
      // Follow the conversation as it grows, unless someone has scrolled up to read.
      const follow = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
      let entry = this.entries.get(view.id);
      if (!entry) {
        entry = { view, item: node('li', 'message'), handle: null, signature: null };
        entry.item.dataset.messageId = String(view.id);
        this.entries.set(view.id, entry);
        const next = [...this.list.children].find((li) => li.dataset.messageId && Number(li.dataset.messageId) > view.id);
        this.list.insertBefore(entry.item, next || null);
        this.empty.hidden = true;
      }
      entry.view = view;
      if (!this.inFlight.has(view.id)) {
        this.draw(entry, entry.handle ? entry.handle.state() : null);
      }
      if (follow) {
        this.list.scrollTop = this.list.scrollHeight;
      }
    }

    /** Draws a message; carry keeps what was typed and which show cards were open. */
    draw(entry, carry) {
      const view = entry.view;
      const signature = JSON.stringify([view.card, view.text, view.pinned, view.cardError, view.author, view.updatedAt]);
      if (signature !== entry.signature) {
        entry.signature = signature;
        entry.handle = null;
        entry.item.replaceChildren(...this.content(entry, carry));
      }
      if (entry.handle && this.errors.has(view.id)) {
        const unplaced = entry.handle.showErrors(this.errors.get(view.id));
        unplaced.forEach((message) => this.notice(message, 'error'));
      }
    }

    content(entry, carry) {
      const view = entry.view;
      const person = Boolean(view.author);
      entry.item.className = 'message ' + (person ? 'from-person' : 'from-bot');
      entry.item.dataset.template = view.template || '';
      const meta = node('div', 'message-meta');
      meta.appendChild(node('strong', 'message-author', person ? view.author.name || view.author.id : 'SupportBot'));
      const at = node('time', 'message-time', clock(view.createdAt));
      at.dateTime = view.createdAt;
      meta.appendChild(at);
      if (view.pinned) {
        meta.appendChild(node('span', 'badge pinned', 'Pinned'));
      }
      if (view.updatedAt !== view.createdAt) {
        meta.appendChild(node('span', 'badge edited', 'updated ' + clock(view.updatedAt)));
      }
      if (person || !view.card) {
        const body = node('div', 'message-text', view.text);
        return view.cardError ? [meta, body, node('div', 'card-error', 'The card could not be shown: ' + view.cardError)] : [meta, body];
      }
      const handle = window.AdaptiveCards.render(view.card, { onExecute: (action) => this.execute(view.id, action) });
      handle.restore(carry);
      entry.handle = handle;
      return [meta, handle.element];
    }

    /** A card button: sent as the panel's person with the card's message id, so the card is updated in place. */
    async execute(messageId, action) {
      const entry = this.entries.get(messageId);
      const carry = entry && entry.handle ? entry.handle.state() : null;
      this.inFlight.add(messageId);
      let result = null;
      try {
        result = await this.workspace.post(this, { verb: action.verb, data: action.data, messageId: String(messageId) });
      } finally {
        this.inFlight.delete(messageId);
      }
      const invalid = result !== null && result.reply === 'ValidationErrors';
      if (invalid) {
        this.errors.set(messageId, result.errors || {});
      } else if (result !== null) {
        this.errors.delete(messageId);
      }
      if (entry) {
        // A replaced card starts afresh; a refused one keeps what was typed, with the errors at the inputs.
        if (result !== null && result.reply === 'ReplaceCard') {
          entry.signature = null;
        }
        this.draw(entry, result !== null && !invalid ? null : carry);
      }
    }

    async submit() {
      const typed = this.input.value.trim();
      if (!typed || this.input.disabled) {
        return;
      }
      let body = { text: typed };
      if (typed.startsWith('/')) {
        const verb = typed.slice(1).split(/\s/, 1)[0];
        body = { command: verb, arguments: typed.slice(1 + verb.length).trim() };
      }
      this.send.disabled = true;
      try {
        if ((await this.workspace.post(this, body)) !== null) {
          this.input.value = '';
        }
      } finally {
        this.updateCompose();
      }
    }

    /** Something only the person who acted sees (Teams and Slack show it to them alone). */
    notice(text, kind) {
      const notice = node('div', 'notice notice-' + (kind === 'error' ? 'error' : 'info'));
      notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      notice.appendChild(node('span', 'notice-who', kind === 'error' ? 'Not sent: ' : 'Only ' + this.workspace.nameOf(this.actorId()) + ' sees this: '));
      notice.appendChild(node('span', 'notice-text', text));
      const close = node('button', 'notice-close', '×');
      close.type = 'button';
      close.setAttribute('aria-label', 'Dismiss');
      close.addEventListener('click', () => notice.remove());
      notice.appendChild(close);
      this.notices.appendChild(notice);
      while (this.notices.children.length > MaxNotices) {
        this.notices.firstElementChild.remove();
      }
    }

    /** After a full reload: messages that are gone (a new database) go too. */
    keepOnly(ids) {
      for (const [id, entry] of this.entries) {
        if (!ids.has(id)) {
          entry.item.remove();
          this.entries.delete(id);
        }
      }
      this.empty.hidden = this.entries.size > 0;
    }
  }

  function clock(iso) {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? '' : at.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  window.WorkspacePanel = Panel;
})();
