// The Adaptive Card inputs (Input.Text, Number, Date, Time, Toggle, ChoiceSet) for the workspace's
// renderer, each with its label, its checks (isRequired, regex, maxLength, min/max) and a place
// under it for an error: the card's errorMessage on the client, or the desk's message from the server.
(function () {
  'use strict';

  const { define, util } = window.AdaptiveCards;
  const { node, list, truthy, int, token } = util;
  let counter = 0;

  /**
   * Wraps a control with its label and error line, and registers the input with its card.
   * check(value) says whether a value is not acceptable (an empty value is only checked against isRequired).
   */
  function field(item, ctx, scope, control, read, write, check) {
    const id = 'ac-input-' + (++counter);
    const required = truthy(item.isRequired);
    const wrapper = node('div', 'ac-input');
    const label = node(control.tagName === 'FIELDSET' ? 'div' : 'label', 'ac-label', item.label || '');
    label.id = id + '-label';
    if (control.tagName === 'FIELDSET') {
      control.setAttribute('aria-labelledby', label.id);
    } else {
      label.htmlFor = id;
      control.id = id;
    }
    if (required) {
      label.appendChild(node('span', 'ac-required', ' *'));
      control.setAttribute('aria-required', 'true');
    }
    if (item.label) {
      wrapper.appendChild(label);
    }
    wrapper.appendChild(control);
    const error = node('div', 'ac-input-error');
    error.id = id + '-error';
    error.hidden = true;
    error.setAttribute('role', 'alert');
    wrapper.appendChild(error);
    control.setAttribute('aria-describedby', error.id);

    const fallback = required ? (item.label ? item.label.replace(/[\s:*]+$/, '') + ' is required.' : 'This is required.') : 'This value is not valid.';
    const input = {
      id: String(item.id || ''),
      element: wrapper,
      dirty: false,
      value: read,
      set: write,
      focus: () => (control.tagName === 'FIELDSET' ? control.querySelector('input') || control : control).focus(),
      validate: () => {
        const value = read();
        if (check(value)) {
          return item.errorMessage || 'This value is not valid.';
        }
        return value === '' && required ? item.errorMessage || fallback : null;
      },
      showError: (message) => {
        error.textContent = message || '';
        error.hidden = !message;
        wrapper.classList.toggle('ac-invalid', Boolean(message));
        control.setAttribute('aria-invalid', String(Boolean(message)));
      },
    };
    control.addEventListener('input', () => {
      input.dirty = true;
    });
    control.addEventListener('change', () => {
      input.dirty = true;
    });
    if (!input.id) {
      ctx.unsupported.push(item.type + ' without an id');
    }
    scope.inputs.push(input);
    ctx.inputs.push(input);
    return wrapper;
  }

  function initial(item) {
    return item.value === undefined || item.value === null ? '' : String(item.value);
  }

  function textual(control, item) {
    if (typeof item.placeholder === 'string') {
      control.placeholder = item.placeholder;
    }
    control.value = initial(item);
    return [() => control.value, (value) => { control.value = value; }];
  }

  define('Input.Text', (item, ctx, scope) => {
    const multiline = truthy(item.isMultiline);
    const control = document.createElement(multiline ? 'textarea' : 'input');
    if (multiline) {
      control.rows = 3;
    } else {
      control.type = { tel: 'tel', url: 'url', email: 'email', password: 'password' }[token(item.style)] || 'text';
    }
    control.className = 'ac-control';
    const max = int(item.maxLength);
    if (max > 0) {
      control.maxLength = max;
    }
    const [read, write] = textual(control, item);
    const pattern = typeof item.regex === 'string' && item.regex ? compile(item.regex, ctx) : null;
    const element = field(item, ctx, scope, control, read, write,
      (value) => value !== '' && ((max > 0 && value.length > max) || (pattern !== null && !pattern.test(value))));
    if (item.inlineAction) {
      const row = node('div', 'ac-inline-row');
      control.replaceWith(row);
      row.appendChild(control);
      const button = util.renderAction(item.inlineAction, ctx, scope, null);
      if (button) {
        row.appendChild(button);
      }
    }
    return element;
  });

  function compile(regex, ctx) {
    try {
      return new RegExp(regex);
    } catch {
      ctx.unsupported.push('regex ' + regex);
      return null;
    }
  }

  define('Input.Number', (item, ctx, scope) => {
    const control = node('input', 'ac-control');
    control.type = 'number';
    control.step = 'any';
    const min = typeof item.min === 'number' ? item.min : undefined;
    const max = typeof item.max === 'number' ? item.max : undefined;
    if (min !== undefined) {
      control.min = String(min);
    }
    if (max !== undefined) {
      control.max = String(max);
    }
    const [read, write] = textual(control, item);
    return field(item, ctx, scope, control, read, write, (v) => {
      // A half-typed number ("1e") reads as empty, but the browser knows it is bad input.
      if (control.validity.badInput) {
        return true;
      }
      const n = Number(v);
      return v !== '' && (!Number.isFinite(n) || (min !== undefined && n < min) || (max !== undefined && n > max));
    });
  });

  function dateLike(type, pattern) {
    return (item, ctx, scope) => {
      const control = node('input', 'ac-control');
      control.type = type;
      for (const bound of ['min', 'max']) {
        if (typeof item[bound] === 'string' && pattern.test(item[bound])) {
          control[bound] = item[bound];
        }
      }
      const [read, write] = textual(control, item);
      return field(item, ctx, scope, control, read, write,
        (v) => v !== '' && (!pattern.test(v) || Boolean(control.min && v < control.min) || Boolean(control.max && v > control.max)));
    };
  }

  define('Input.Date', dateLike('date', /^\d{4}-\d{2}-\d{2}$/));
  define('Input.Time', dateLike('time', /^\d{2}:\d{2}$/));

  define('Input.Toggle', (item, ctx, scope) => {
    const on = item.valueOn === undefined ? 'true' : String(item.valueOn);
    const off = item.valueOff === undefined ? 'false' : String(item.valueOff);
    const control = node('fieldset', 'ac-toggle');
    const label = node('label', 'ac-toggle-label');
    const box = node('input');
    box.type = 'checkbox';
    box.checked = initial(item) === on;
    label.append(box, node('span', truthy(item.wrap) ? 'ac-wrap' : '', item.title || ''));
    control.appendChild(label);
    const read = () => (box.checked ? on : off);
    const write = (value) => { box.checked = value === on; };
    const element = field(item, ctx, scope, control, read, write, () => false);
    // A required toggle must be on.
    const input = ctx.inputs[ctx.inputs.length - 1];
    const validate = input.validate;
    input.validate = () => (truthy(item.isRequired) && !box.checked ? item.errorMessage || 'This must be on.' : validate());
    return element;
  });

  define('Input.ChoiceSet', (item, ctx, scope) => {
    const choices = list(item.choices).filter((c) => c && c.title !== undefined && c.value !== undefined);
    const multi = truthy(item.isMultiSelect);
    const chosen = initial(item) === '' ? [] : multi ? initial(item).split(',') : [initial(item)];
    if (multi || token(item.style) === 'expanded') {
      const control = node('fieldset', 'ac-choices');
      const name = 'ac-choice-' + (++counter);
      const boxes = choices.map((choice) => {
        const label = node('label', 'ac-choice');
        const box = node('input');
        box.type = multi ? 'checkbox' : 'radio';
        box.name = name;
        box.value = String(choice.value);
        box.checked = chosen.includes(box.value);
        label.append(box, node('span', '', choice.title));
        control.appendChild(label);
        return box;
      });
      const read = () => boxes.filter((b) => b.checked).map((b) => b.value).join(',');
      const write = (value) => {
        const values = multi ? String(value).split(',') : [String(value)];
        boxes.forEach((b) => { b.checked = values.includes(b.value); });
      };
      return field(item, ctx, scope, control, read, write, () => false);
    }
    const control = node('select', 'ac-control');
    // Nothing is chosen until the person chooses, unless the card says otherwise.
    const empty = node('option', '', typeof item.placeholder === 'string' ? item.placeholder : '');
    empty.value = '';
    control.appendChild(empty);
    for (const choice of choices) {
      const option = node('option', '', choice.title);
      option.value = String(choice.value);
      control.appendChild(option);
    }
    control.value = chosen.length > 0 && choices.some((c) => String(c.value) === chosen[0]) ? chosen[0] : '';
    const read = () => control.value;
    const write = (value) => { control.value = value; };
    return field(item, ctx, scope, control, read, write, () => false);
  });
})();
