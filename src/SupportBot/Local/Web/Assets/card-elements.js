// The Adaptive Card elements that show things and hold other elements: TextBlock (markdown through
// CardText), RichTextBlock, Container, ColumnSet, FactSet, Image, ImageSet and ActionSet, with
// their sizes, weights, colours, styles and alignment as class names (adaptive-cards.css).
(function () {
  'use strict';

  const text = window.CardText;
  const { define, util } = window.AdaptiveCards;
  const { node, list, truthy, int, token, renderItems, decorate, unsupported, selectable, renderActions } = util;
  const pixels = (value) => (typeof value === 'string' && /^\d{1,4}px$/.test(value) ? value : undefined);

  function align(element, value) {
    element.classList.add('ac-align-' + token(value, 'left'));
  }

  function style(element, value) {
    if (value !== undefined) {
      element.classList.add('ac-style-' + token(value, 'default'));
    }
  }

  function box(element, item) {
    style(element, item.style);
    element.classList.add('ac-valign-' + token(item.verticalContentAlignment, 'top'));
    if (pixels(item.minHeight)) {
      element.style.minHeight = pixels(item.minHeight);
    }
    if (truthy(item.bleed)) {
      element.classList.add('ac-bleed');
    }
  }

  function textClasses(element, item) {
    element.classList.add(
      'ac-size-' + token(item.size, 'default'),
      'ac-weight-' + token(item.weight, 'default'),
      'ac-color-' + token(item.color, 'default'));
    if (truthy(item.isSubtle)) {
      element.classList.add('ac-subtle');
    }
    if (token(item.fontType) === 'monospace') {
      element.classList.add('ac-monospace');
    }
  }

  define('TextBlock', (item, ctx) => {
    const element = node('div', 'ac-textblock');
    textClasses(element, item);
    align(element, item.horizontalAlignment);
    element.classList.add(truthy(item.wrap) ? 'ac-wrap' : 'ac-nowrap');
    const lines = int(item.maxLines);
    if (truthy(item.wrap) && lines > 0) {
      element.classList.add('ac-clamp');
      element.style.webkitLineClamp = String(lines);
    }
    if (token(item.style) === 'heading') {
      element.setAttribute('role', 'heading');
      element.setAttribute('aria-level', '2');
      element.classList.add('ac-heading');
    }
    element.appendChild(text.render(item.text, ctx.mentions));
    return element;
  });

  define('RichTextBlock', (item, ctx, scope) => {
    const element = node('p', 'ac-richtext');
    align(element, item.horizontalAlignment);
    for (const run of list(item.inlines)) {
      if (typeof run === 'string') {
        element.appendChild(document.createTextNode(run));
        continue;
      }
      if (!run || run.type !== 'TextRun') {
        element.appendChild(unsupported(ctx, run && run.type));
        continue;
      }
      // A TextRun is plain text: no markdown.
      const span = node('span', 'ac-textrun', run.text);
      textClasses(span, run);
      for (const flag of ['italic', 'strikethrough', 'underline', 'highlight']) {
        if (truthy(run[flag])) {
          span.classList.add('ac-' + flag);
        }
      }
      selectable(span, run.selectAction, ctx, scope);
      element.appendChild(span);
    }
    return element;
  });

  define('Container', (item, ctx, scope) => {
    const element = node('div', 'ac-container');
    box(element, item);
    renderItems(item.items, element, ctx, scope);
    selectable(element, item.selectAction, ctx, scope);
    return element;
  });

  define('ColumnSet', (item, ctx, scope) => {
    const element = node('div', 'ac-columnset');
    box(element, item);
    align(element, item.horizontalAlignment);
    for (const column of list(item.columns)) {
      if (!column || (column.type !== undefined && column.type !== 'Column')) {
        element.appendChild(unsupported(ctx, column && column.type));
        continue;
      }
      const cell = node('div', 'ac-column');
      box(cell, column);
      width(cell, column.width);
      renderItems(column.items, cell, ctx, scope);
      selectable(cell, column.selectAction, ctx, scope);
      decorate(cell, column);
      element.appendChild(cell);
    }
    selectable(element, item.selectAction, ctx, scope);
    return element;
  });

  function width(cell, value) {
    if (value === 'auto') {
      cell.classList.add('ac-width-auto');
    } else if (pixels(value)) {
      cell.style.flex = '0 0 ' + value;
    } else if (int(value) > 0) {
      cell.style.flex = int(value) + ' 1 0';
    } else {
      cell.classList.add('ac-width-stretch');
    }
  }

  define('FactSet', (item, ctx) => {
    const element = node('dl', 'ac-factset');
    for (const fact of list(item.facts)) {
      const title = node('dt', 'ac-fact-title');
      title.appendChild(text.render(fact && fact.title, ctx.mentions));
      const value = node('dd', 'ac-fact-value');
      value.appendChild(text.render(fact && fact.value, ctx.mentions));
      element.append(title, value);
    }
    return element;
  });

  define('Image', (item, ctx, scope) => {
    const element = node('div', 'ac-image');
    align(element, item.horizontalAlignment);
    const image = picture(item, 'auto');
    selectable(image, item.selectAction, ctx, scope);
    element.appendChild(image);
    return element;
  });

  define('ImageSet', (item, ctx) => {
    const element = node('div', 'ac-imageset');
    for (const image of list(item.images)) {
      element.appendChild(image && image.type === 'Image' ? picture(image, token(item.imageSize, 'medium')) : unsupported(ctx, image && image.type));
    }
    return element;
  });

  function picture(item, defaultSize) {
    const url = typeof item.url === 'string' ? item.url : '';
    if (!/^https?:\/\//i.test(url) && !/^data:image\/(png|gif|jpeg|webp);base64,/i.test(url)) {
      return node('span', 'ac-image-missing', item.altText || 'image');
    }
    const image = document.createElement('img');
    image.src = url;
    image.alt = typeof item.altText === 'string' ? item.altText : '';
    image.className = 'ac-img ac-image-size-' + token(item.size, defaultSize);
    if (token(item.style) === 'person') {
      image.classList.add('ac-person');
    }
    if (pixels(item.width)) {
      image.style.width = pixels(item.width);
    }
    if (pixels(item.height)) {
      image.style.height = pixels(item.height);
    }
    return image;
  }

  define('ActionSet', (item, ctx, scope) => {
    const element = renderActions(item.actions, ctx, scope);
    align(element, item.horizontalAlignment);
    return element;
  });
})();
