// The markdown that Adaptive Cards allow in TextBlock and FactSet text, turned into DOM nodes
// (never through innerHTML, so text from people stays text): **bold**, _italic_ and *italic*,
// [links](https://…), "- " and "1. " lists, line breaks, and backslash escapes, which the server
// puts before every markdown character of user text. <at>…</at> becomes a name only when the card
// declares that mention in msteams.entities.
(function () {
  'use strict';

  const escapable = /[!-/:-@[-`{-~]/;
  const bullet = /^ {0,3}[-*+] +(.*)$/;
  const numbered = /^ {0,3}(\d{1,9})\. +(.*)$/;

  /** The mentions a card declares, from their "<at>…</at>" text to the name to show. */
  function mentionsOf(card) {
    const mentions = new Map();
    const entities = card && card.msteams && Array.isArray(card.msteams.entities) ? card.msteams.entities : [];
    for (const entity of entities) {
      if (entity && entity.type === 'mention' && typeof entity.text === 'string') {
        const name = entity.mentioned && typeof entity.mentioned.name === 'string' ? entity.mentioned.name : entity.text;
        mentions.set(entity.text, name);
      }
    }
    return mentions;
  }

  /** Block level: paragraphs with line breaks, and bulleted or numbered lists. */
  function render(text, mentions) {
    const fragment = document.createDocumentFragment();
    const lines = String(text === undefined || text === null ? '' : text).split(/\r?\n/);
    let paragraph = null;
    let list = null;
    for (const line of lines) {
      const dot = bullet.exec(line);
      const number = dot ? null : numbered.exec(line);
      if (dot || number) {
        const tag = number ? 'ol' : 'ul';
        if (!list || list.tagName.toLowerCase() !== tag) {
          list = document.createElement(tag);
          if (number) {
            list.start = Number(number[1]);
          }
          fragment.appendChild(list);
        }
        const li = document.createElement('li');
        li.append(...inline(number ? number[2] : dot[1], mentions));
        list.appendChild(li);
        paragraph = null;
        continue;
      }
      list = null;
      if (line.trim() === '') {
        paragraph = null;
        continue;
      }
      if (paragraph) {
        paragraph.appendChild(document.createElement('br'));
      } else {
        paragraph = document.createElement('p');
        fragment.appendChild(paragraph);
      }
      paragraph.append(...inline(line, mentions));
    }
    return fragment;
  }

  /** Inline level: a list of nodes for one line of text. */
  function inline(text, mentions) {
    const nodes = [];
    let plain = '';
    const flush = () => {
      if (plain) {
        nodes.push(document.createTextNode(plain));
        plain = '';
      }
    };
    const push = (node) => {
      flush();
      nodes.push(node);
    };
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && escapable.test(text[i + 1])) {
        plain += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '<' && text.startsWith('<at>', i)) {
        const end = text.indexOf('</at>', i);
        const token = end < 0 ? null : text.slice(i, end + 5);
        if (token && mentions && mentions.has(token)) {
          const mention = document.createElement('span');
          mention.className = 'ac-mention';
          mention.textContent = mentions.get(token);
          push(mention);
          i = end + 5;
          continue;
        }
      }
      if (c === '*' && text[i + 1] === '*') {
        const end = closing(text, i + 2, '**');
        if (end > i + 2) {
          const strong = document.createElement('strong');
          strong.append(...inline(text.slice(i + 2, end), mentions));
          push(strong);
          i = end + 2;
          continue;
        }
      }
      if ((c === '*' || c === '_') && opens(text, i)) {
        const end = closing(text, i + 1, c);
        if (end > i + 1 && closes(text, end, c)) {
          const em = document.createElement('em');
          em.append(...inline(text.slice(i + 1, end), mentions));
          push(em);
          i = end + 1;
          continue;
        }
      }
      if (c === '[') {
        const link = linkAt(text, i);
        if (link) {
          const label = inline(link.label, mentions);
          if (safeUrl(link.url)) {
            const a = document.createElement('a');
            a.href = link.url;
            a.target = '_blank';
            a.rel = 'noopener noreferrer';
            a.append(...label);
            push(a);
          } else {
            flush();
            nodes.push(...label);
          }
          i = link.end;
          continue;
        }
      }
      plain += c;
      i += 1;
    }
    flush();
    return nodes;
  }

  /** The index of the next unescaped delimiter at or after from, or -1. */
  function closing(text, from, delimiter) {
    for (let i = from; i < text.length; i++) {
      if (text[i] === '\\') {
        i += 1;
        continue;
      }
      if (text.startsWith(delimiter, i) && (delimiter !== '*' || text[i + 1] !== '*')) {
        return i;
      }
    }
    return -1;
  }

  // Emphasis needs a word to open on and must not sit inside a word (snake_case stays as it is).
  function opens(text, i) {
    const next = text[i + 1];
    const previous = i > 0 ? text[i - 1] : ' ';
    return next !== undefined && !/\s/.test(next) && !/[A-Za-z0-9]/.test(previous);
  }

  function closes(text, i, delimiter) {
    const previous = text[i - 1];
    const next = text[i + 1];
    return !/\s/.test(previous) && (delimiter === '*' || next === undefined || !/[A-Za-z0-9]/.test(next));
  }

  function linkAt(text, i) {
    const close = closing(text, i + 1, ']');
    if (close < 0 || text[close + 1] !== '(') {
      return null;
    }
    const end = text.indexOf(')', close + 2);
    if (end < 0) {
      return null;
    }
    return { label: text.slice(i + 1, close), url: text.slice(close + 2, end).trim(), end: end + 1 };
  }

  /** Links and buttons open web pages and mail only: no javascript: or data: URLs from a card. */
  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) && /^(https?|mailto):/i.test(url);
    } catch {
      return false;
    }
  }

  window.CardText = { render, inline, mentionsOf, safeUrl };
})();
