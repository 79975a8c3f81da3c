// Draws `fxlint export --report-html`: what was exported and how (strategy, reason, fallbacks), the ONNX
// nodes per module of the model as a collapsible tree, validation per input size, guards and timings.
// Reads the data export_run.cpp embeds: the JSON report plus `modules` (docs/report.md).
'use strict';
(() => {
  const {el, badge} = FX;
  const D = FX.data();
  const nodes = D.nodes;

  function dl(pairs) {
    const list = el('dl', {class: 'kv'});
    for (const [key, value, id] of pairs) list.append(el('dt', {text: key}), el('dd', {class: 'mono', id: id || null}, value));
    return list;
  }

  function overview() {
    const verdict = D.verdict || {};
    const mispredictions = D.strategy.mispredictions || [];
    const section = el('section', {id: 'overview'}, el('h2', {text: 'Export'}));
    section.append(dl([
      ['model', D.model],
      ['analysis verdict', el('span', null, badge(verdict.verdict || 'none'),
                              verdict.first_failure ? ' first failure at ' + verdict.first_failure : '')],
      ['strategy', el('strong', {id: 'strategy-used', text: D.strategy.used})],
      ['why', el('span', {id: 'strategy-reason', text: D.strategy.reason})],
      ['opset', D.opset],
      ['dynamic axes', D.dynamic_axes.length ? D.dynamic_axes.map(a => a.input + ': ' + a.dims.join(',')).join('; ') : '(none)'],
    ]));
    section.append(el('h3', {text: 'Fallbacks and mispredictions (' + mispredictions.length + ')'}));
    if (!mispredictions.length) {
      section.append(el('p', {class: 'muted', text: 'The first capture tried succeeded.'}));
    } else {
      section.append(el('table', {id: 'mispredictions'},
        el('thead', null, el('tr', null, el('th', {text: 'strategy'}), el('th', {text: 'line'}), el('th', {text: 'error'}))),
        el('tbody', null, mispredictions.map(m => el('tr', null, el('td', {class: 'mono', text: m.strategy}),
          el('td', {class: 'num', text: m.line === null || m.line === undefined ? '' : m.line}),
          el('td', {class: 'error-text mono', text: m.error}))))));
    }
    return section;
  }

  function nodeCounts() {
    const section = el('section', {id: 'node-counts'}, el('h2', {text: 'ONNX nodes'}));
    const table = el('table', {class: 'small', id: 'attribution'},
      el('thead', null, el('tr', null, el('th', {text: 'attribution'}), el('th', {class: 'num', text: 'nodes'}))),
      el('tbody', null, [['total', 'every node of the graph'], ['exact', 'in a registered module'],
                         ['parent', 'scope not a registered module: its nearest registered ancestor'],
                         ['constant', 'graph-level Constant, no scope'], ['none', 'no scope at all'],
                         ['root', 'in the root module\u2019s own forward']].map(([key, meaning]) =>
        el('tr', {'data-attribution': key}, el('td', null, el('strong', {text: key}), el('span', {class: 'muted', text: ' ' + meaning})),
           el('td', {class: 'num', text: nodes[key]})))));
    section.append(table);
    return section;
  }

  function hierarchy() {
    const root = {path: '', label: '(root)', class: null, exact: 0, parent: 0, children: []};
    const byPath = new Map([['', root]]);
    const nodeFor = path => {
      if (byPath.has(path)) return byPath.get(path);
      const dot = path.lastIndexOf('.');
      const parent = nodeFor(dot < 0 ? '' : path.slice(0, dot));
      const node = {path, label: dot < 0 ? path : path.slice(dot + 1), class: null, exact: 0, parent: 0, children: []};
      parent.children.push(node);
      byPath.set(path, node);
      return node;
    };
    for (const module of D.modules) Object.assign(nodeFor(module.path), {class: module.class, exact: module.exact, parent: module.parent});
    const total = node => (node.total = node.exact + node.parent + node.children.reduce((n, c) => n + total(c), 0));
    total(root);
    const collator = new Intl.Collator(undefined, {numeric: true});
    const widest = Math.max(1, root.total);
    const draw = (node, depth) => {
      node.children.sort((a, b) => collator.compare(a.label, b.label));
      const label = el('span', {class: 'node', 'data-path': node.path, 'data-exact': node.exact, 'data-parent': node.parent,
                                'data-total': node.total, title: node.path || '(root)'},
        el('span', {class: 'mono', text: node.label}), el('span', {class: 'muted', text: node.class || ''}),
        el('span', {class: 'bar', style: 'width:' + Math.max(1, Math.round(160 * node.total / widest)) + 'px'}),
        el('span', {class: 'mono', text: node.total + ' nodes (' + node.exact + ' exact, ' + node.parent + ' parent here)'}));
      if (!node.children.length) return el('li', null, el('span', {class: 'leaf-pad'}), label);
      const details = el('details', {open: depth < 1}, el('summary', null, label));
      const fill = () => {
        if (details.dataset.filled) return;
        details.dataset.filled = '1';
        details.append(el('ul', null, node.children.map(child => draw(child, depth + 1))));
      };
      if (depth < 1) fill();
      else details.addEventListener('toggle', fill);
      return el('li', null, details);
    };
    return el('section', {id: 'hierarchy'}, el('h2', {text: 'Module hierarchy'}),
      el('p', {class: 'muted', text: 'Nodes per module of the model: those tagged with the module itself (exact) or attributed ' +
                                    'to it as the nearest registered ancestor of their scope (parent); each line\u2019s total includes everything below it.'}),
      el('ul', {class: 'tree'}, draw(root, 0)));
  }

  function validation() {
    const v = D.validation;
    const section = el('section', {id: 'validation'}, el('h2', {text: 'Validation against eager PyTorch (ONNX Runtime)'}));
    if (!v.runs.length) {
      section.append(el('p', {class: 'muted', text: 'Not validated (--no-validate).'}));
      return section;
    }
    section.append(el('p', {id: 'validation-verdict'}, 'tolerance ' + v.tolerance + ': ',
                      el('span', {class: 'badge v-' + (v.ok ? 'traceable' : 'fails'), text: v.ok ? 'within tolerance' : 'exceeded'})));
    section.append(el('table', {id: 'validation-runs'},
      el('thead', null, el('tr', null, el('th', {text: 'run'}), el('th', {text: 'input sizes'}), el('th', {class: 'num', text: 'max |onnxruntime \u2212 eager|'}))),
      el('tbody', null, v.runs.map(run => el('tr', null, el('td', {text: run.label}),
        el('td', {class: 'mono', text: Object.entries(run.shapes).map(([n, s]) => n + ': ' + s.join('x')).join(', ')}),
        run.error ? el('td', {class: 'error-text mono', text: run.error}) : el('td', {class: 'num mono', text: run.max_abs_error}))))));
    return section;
  }

  function guards() {
    const section = el('section', {id: 'guards'}, el('h2', {text: 'Guards (' + D.guards.length + ')'}));
    if (!D.guards.length) section.append(el('p', {class: 'muted', text: 'No decision was specialized on the example input.'}));
    else section.append(el('ul', null, D.guards.map(g => el('li', {class: 'mono', text: g}))));
    return section;
  }

  function timings() {
    const rows = Object.entries(D.seconds || {});
    return el('section', {id: 'timings'}, el('h2', {text: 'Seconds per phase'}),
      el('table', {class: 'small'}, el('tbody', null, rows.map(([phase, s]) => el('tr', null, el('td', {text: phase}),
        el('td', {class: 'num mono', text: s.toFixed(2)}))))));
  }

  document.body.append(
    el('header', null, el('h1', {text: 'fxlint export: ' + D.model}),
       el('div', {class: 'sub', text: 'strategy ' + D.strategy.used + ' \u00b7 ' + nodes.total + ' ONNX nodes \u00b7 opset ' + D.opset})),
    el('main', null, overview(), nodeCounts(), hierarchy(), validation(), guards(), timings()));
  FX.ready();
})();
