// An Adaptive Card (schema 1.5) renderer for the local workspace: the elements and actions the
// project's cards use and their usual neighbours. It builds DOM nodes from text only. An element or
// action it does not know honours the card's fallback, or shows a visible "unsupported" marker and
// is listed in `unsupported`, so a test can prove every card renders completely.
// Elements are defined in card-elements.js and inputs in card-inputs.js, through AdaptiveCards.define.
(function () {
  'use strict';

  const text = window.CardText;
  const elements = Object.create(null);
  const actionTypes = ['Action.Execute', 'Action.Submit', 'Action.ShowCard', 'Action.OpenUrl', 'Action.ToggleVisibility'];

  function node(tag, className, content) {
    const element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (content !== undefined && content !== null) {
      element.textContent = String(content);
    }
    return element;
  }

  const list = (value) => (Array.isArray(value) ? value : []);
  const truthy = (value) => value === true || value === 'true';
  const int = (value) => {
    const n = typeof value === 'number' ? value : parseInt(value, 10);
    return Number.isFinite(n) ? n : undefined;
  };
  // Enumerations become class names: only letters pass, so card data cannot inject other classes.
  const token = (value, fallback) => (typeof value === 'string' && /^[A-Za-z]+$/.test(value) ? value.toLowerCase() : fallback);

  /**
   * Renders a card. options.onExecute({ type, verb, title, data }) is called for Action.Execute and
   * Action.Submit once the inputs are valid; while the promise it returns is pending the card's
   * buttons are disabled. options.onOpenUrl(url) opens links (default: a new tab).
   */
  function render(card, options) {
    const ctx = { options: options || {}, unsupported: [], mentions: text.mentionsOf(card), inputs: [], buttons: [] };
    const element = renderCard(card, ctx, null);
    element.classList.add('ac-root');
    ctx.root = element;
    return {
      element,
      unsupported: ctx.unsupported,
      showErrors: (errors) => showErrors(ctx, errors),
      state: () => captureState(ctx),
      restore: (state) => restoreState(ctx, state),
    };
  }

  function renderCard(card, ctx, parentScope) {
    const scope = { inputs: [], parent: parentScope };
    const root = node('div', 'ac-card');
    if (!card || typeof card !== 'object' || card.type !== 'AdaptiveCard') {
      root.appendChild(unsupported(ctx, card && card.type ? card.type : 'not an AdaptiveCard'));
      return root;
    }
    const body = node('div', 'ac-body');
    renderItems(card.body, body, ctx, scope);
    root.appendChild(body);
    if (list(card.actions).length > 0) {
      root.appendChild(renderActions(card.actions, ctx, scope));
    }
    selectable(root, card.selectAction, ctx, scope);
    return root;
  }

  function renderItems(items, parent, ctx, scope) {
    for (const item of list(items)) {
      const element = renderElement(item, ctx, scope);
      if (element) {
        parent.appendChild(element);
      }
    }
  }

  function renderElement(item, ctx, scope) {
    if (!item || typeof item !== 'object') {
      return null;
    }
    const make = elements[item.type];
    if (!make) {
      if (item.fallback === 'drop') {
        return null;
      }
      return item.fallback && typeof item.fallback === 'object' ? renderElement(item.fallback, ctx, scope) : unsupported(ctx, item.type);
    }
    const element = make(item, ctx, scope);
    decorate(element, item);
    return element;
  }

  function decorate(element, item) {
    element.classList.add('ac-element', 'ac-spacing-' + token(item.spacing, 'default'));
    if (truthy(item.separator)) {
      element.classList.add('ac-separator');
    }
    if (item.isVisible === false || item.isVisible === 'false') {
      element.hidden = true;
    }
    if (typeof item.id === 'string') {
      element.dataset.acId = item.id;
    }
  }

  function unsupported(ctx, type) {
    ctx.unsupported.push(String(type));
    return node('div', 'ac-unsupported', 'Unsupported card element: ' + type);
  }

  function renderActions(actions, ctx, scope) {
    const element = node('div', 'ac-actionset');
    const bar = node('div', 'ac-actions');
    const cards = node('div', 'ac-showcards');
    for (const action of list(actions)) {
      const button = renderAction(action, ctx, scope, cards);
      if (button) {
        bar.appendChild(button);
      }
    }
    element.append(bar, cards);
    return element;
  }

  function renderAction(action, ctx, scope, cards) {
    if (!action || typeof action !== 'object') {
      return null;
    }
    if (!actionTypes.includes(action.type)) {
      if (action.fallback === 'drop') {
        return null;
      }
      if (action.fallback && typeof action.fallback === 'object') {
        return renderAction(action.fallback, ctx, scope, cards);
      }
      ctx.unsupported.push(String(action.type));
      const marker = node('button', 'ac-action ac-unsupported', 'Unsupported action: ' + action.type);
      marker.type = 'button';
      marker.disabled = true;
      return marker;
    }
    const button = node('button', 'ac-action ac-action-' + token(action.style, 'default'), action.title || '');
    button.type = 'button';
    if (typeof action.tooltip === 'string') {
      button.title = action.tooltip;
    }
    if (action.isEnabled === false) {
      button.disabled = true;
      button.dataset.acDisabled = 'true';
    }
    if (action.type === 'Action.ShowCard') {
      if (!cards) {
        ctx.unsupported.push('Action.ShowCard outside an action set');
        button.disabled = true;
        return button;
      }
      const card = renderCard(action.card, ctx, scope);
      card.classList.add('ac-showcard');
      card.hidden = true;
      cards.appendChild(card);
      button.classList.add('ac-action-showcard');
      button.dataset.acShowCard = action.title || '';
      button.setAttribute('aria-expanded', 'false');
      button.addEventListener('click', () => toggleShowCard(button, card, card.hidden));
      card.acButton = button;
      return button;
    }
    ctx.buttons.push(button);
    button.addEventListener('click', () => invoke(action, ctx, scope));
    return button;
  }

  function toggleShowCard(button, card, open) {
    // One show card open at a time in an action set, as Teams does.
    const bar = button.parentElement;
    for (const other of bar.querySelectorAll(':scope > .ac-action-showcard')) {
      other.setAttribute('aria-expanded', 'false');
    }
    for (const other of card.parentElement.children) {
      other.hidden = true;
    }
    card.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  }

  function selectable(element, action, ctx, scope) {
    if (!action || typeof action !== 'object') {
      return;
    }
    if (!actionTypes.includes(action.type) || action.type === 'Action.ShowCard') {
      ctx.unsupported.push('selectAction ' + action.type);
      return;
    }
    element.classList.add('ac-selectable');
    element.tabIndex = 0;
    element.setAttribute('role', 'button');
    const run = (event) => {
      event.stopPropagation();
      invoke(action, ctx, scope);
    };
    element.addEventListener('click', run);
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        run(event);
      }
    });
  }

  function invoke(action, ctx, scope) {
    if (action.type === 'Action.OpenUrl') {
      if (text.safeUrl(action.url)) {
        (ctx.options.onOpenUrl || ((url) => window.open(url, '_blank', 'noopener,noreferrer')))(action.url);
      }
      return;
    }
    if (action.type === 'Action.ToggleVisibility') {
      toggleVisibility(ctx, action.targetElements);
      return;
    }
    submit(action, ctx, scope);
  }

  function toggleVisibility(ctx, targets) {
    for (const target of list(targets)) {
      const id = typeof target === 'string' ? target : target && target.elementId;
      const element = [...ctx.root.querySelectorAll('[data-ac-id]')].find((e) => e.dataset.acId === id);
      if (element) {
        element.hidden = typeof target === 'object' && typeof target.isVisible === 'boolean' ? !target.isVisible : !element.hidden;
      }
    }
  }

  /** The inputs an action sends: those of its card and of the cards it sits in. */
  function inputsOf(scope) {
    const inputs = [];
    for (let s = scope; s; s = s.parent) {
      inputs.push(...s.inputs);
    }
    return inputs;
  }

  function submit(action, ctx, scope) {
    const inputs = action.associatedInputs === 'none' ? [] : inputsOf(scope);
    let invalid = null;
    for (const input of inputs) {
      const error = input.validate();
      input.showError(error);
      invalid = invalid || (error ? input : null);
    }
    if (invalid) {
      invalid.focus();
      return;
    }
    const data = {};
    if (action.data && typeof action.data === 'object' && !Array.isArray(action.data)) {
      Object.assign(data, action.data);
    }
    for (const input of inputs) {
      data[input.id] = input.value();
    }
    // Action.Submit has no verb of its own: this project's cards put it in the data.
    const verb = action.type === 'Action.Execute' ? action.verb : data.verb;
    const pending = ctx.options.onExecute
      ? ctx.options.onExecute({ type: action.type, verb: typeof verb === 'string' ? verb : '', title: action.title || '', data: strings(data) })
      : null;
    if (pending && typeof pending.then === 'function') {
      busy(ctx, true);
      pending.then(() => busy(ctx, false), () => busy(ctx, false));
    }
  }

  // The platform hands data to the desk as strings, as Teams does with a card's data values.
  function strings(data) {
    const result = {};
    for (const [key, value] of Object.entries(data)) {
      if (value === undefined || value === null) {
        continue;
      }
      result[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    return result;
  }

  function busy(ctx, on) {
    ctx.root.classList.toggle('ac-busy', on);
    for (const button of ctx.buttons) {
      button.disabled = on || button.dataset.acDisabled === 'true';
    }
  }

  /** Shows errors (input id to message) at their inputs; returns the messages that have no input here. */
  function showErrors(ctx, errors) {
    const unplaced = [];
    for (const [id, message] of Object.entries(errors || {})) {
      const input = ctx.inputs.find((i) => i.id === id);
      if (!input) {
        unplaced.push(message);
        continue;
      }
      reveal(input.element);
      input.showError(message);
    }
    return unplaced;
  }

  // An input inside a closed show card is shown by opening that card.
  function reveal(element) {
    for (let e = element; e; e = e.parentElement) {
      if (e.classList.contains('ac-showcard') && e.hidden && e.acButton) {
        reveal(e.acButton);
        toggleShowCard(e.acButton, e, true);
      }
    }
  }

  /** What someone has typed and which show cards are open, to carry over when the card is replaced. */
  function captureState(ctx) {
    const values = {};
    for (const input of ctx.inputs) {
      if (input.dirty) {
        values[input.id] = input.value();
      }
    }
    const open = [...ctx.root.querySelectorAll('.ac-action-showcard[aria-expanded="true"]')].map((b) => b.dataset.acShowCard);
    return { values, open };
  }

  function restoreState(ctx, state) {
    if (!state) {
      return;
    }
    for (const title of state.open || []) {
      const button = [...ctx.root.querySelectorAll('.ac-action-showcard')].find((b) => b.dataset.acShowCard === title);
      if (button && button.getAttribute('aria-expanded') !== 'true') {
        button.click();
      }
    }
    for (const input of ctx.inputs) {
      if (Object.prototype.hasOwnProperty.call(state.values || {}, input.id)) {
        input.set(state.values[input.id]);
        input.dirty = true;
      }
    }
  }

  /** Registers an element type; used by card-inputs.js. make(item, ctx, scope) returns a DOM element. */
  function define(type, make) {
    elements[type] = make;
  }

  window.AdaptiveCards = {
    render,
    define,
    types: () => Object.keys(elements).concat(actionTypes),
    util: { node, list, truthy, int, token, renderItems, decorate, unsupported, selectable, renderActions, renderAction },
  };
})();
