// Helpers shared by fxlint's report pages: the embedded data, element building (text only: nothing from
// the data is ever parsed as HTML), code frames with a highlighted span, unified diffs, sortable tables.
'use strict';
const FX = (() => {
  const VERDICTS = ['traceable', 'specialized', 'fails', 'unknown'];

  function data() {
    return JSON.parse(document.getElementById('fxlint-data').textContent);
  }

  // el('td', {class: 'num', text: 3}), el('ul', null, child, [more children]).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function badge(verdict) {
    return el('span', {class: 'badge v-' + verdict, text: verdict});
  }

  // A 1-based byte column of a UTF-8 line as an index into the JavaScript (UTF-16) string.
  function indexOfByteColumn(text, column) {
    let bytes = 0;
    let index = 0;
    while (index < text.length && bytes < column - 1) {
      const code = text.codePointAt(index);
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      index += code >= 0x10000 ? 2 : 1;
    }
    return index;
  }

  // Source lines `first..last` of a file (those the page carries), with the span from (line, column) to
  // (endLine, endColumn) marked; `hitLine` alone is marked when no columns are given.
  function codeFrame(path, lines, span, context) {
    const before = context === undefined ? 3 : context;
    const first = Math.max(1, span.line - before);
    const last = Math.min(span.end_line || span.line, span.line + 16) + before;
    const pre = el('pre');
    for (let n = first; n <= last; n++) {
      const text = lines[n];
      if (text === undefined) continue;
      const inSpan = n >= span.line && n <= (span.end_line || span.line);
      const row = el('span', {class: inSpan ? 'line hit' : 'line'}, el('span', {class: 'ln', text: n}));
      if (inSpan && span.column) {
        const start = n === span.line ? indexOfByteColumn(text, span.column) : 0;
        const end = n === span.end_line ? indexOfByteColumn(text, span.end_column) : text.length;
        row.append(text.slice(0, start), el('mark', {text: text.slice(start, Math.max(start, end))}), text.slice(Math.max(start, end)));
      } else {
        row.append(text);
      }
      pre.append(row);
    }
    return el('div', {class: 'frame'}, el('div', {class: 'frame-head mono', text: path + ':' + span.line}), pre);
  }

  function diff(text) {
    const pre = el('pre', {class: 'diff'});
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const kind = line.startsWith('+++') || line.startsWith('---') ? 'ctx'
        : line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx';
      pre.append(el('span', {class: kind, text: line || ' '}));
    }
    return pre;
  }

  // Makes a table's headers sort its body rows: `keys[i](row)` gives column i's sort key (a number or a
  // string); clicking a header again reverses the order.
  function sortable(table, keys) {
    const headers = [...table.tHead.rows[0].cells];
    headers.forEach((header, column) => {
      if (!keys[column]) return;
      header.classList.add('sortable');
      header.addEventListener('click', () => {
        const ascending = header.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(h => h.removeAttribute('aria-sort'));
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const rows = [...body.rows];
        const key = keys[column];
        const decorated = rows.map((row, i) => [key(row), i, row]);
        decorated.sort((a, b) => {
          const order = typeof a[0] === 'number' && typeof b[0] === 'number' ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0]));
          return (ascending ? order : -order) || a[1] - b[1];
        });
        body.append(...decorated.map(d => d[2]));
      });
    });
  }

  // Marks the page ready for readers and tests: the time from navigation start to interactive.
  function ready() {
    const ms = performance.now();
    window.fxlintReadyMs = ms;
    document.body.dataset.ready = String(Math.round(ms));
  }

  return {VERDICTS, data, el, badge, codeFrame, diff, sortable, ready, indexOfByteColumn};
})();
