// Draws `fxlint report`: the summary (verdicts, rules, files, configuration), the table of classes and
// builders (sortable, filterable), and for the one clicked its failure, call chain, other hazards, fixes
// and module tree. Reads the data verdict_page.cpp embeds (format: docs/report.md).
'use strict';
(() => {
  const {VERDICTS, el, badge} = FX;
  const D = FX.data();
  const files = D.files;
  const entries = D.entries;

  // A site: a diagnostic (shared by every chain that reaches it) with the chain of one entry.
  function site(index) {
    const reached = D.sites[index];
    return Object.assign({}, D.diagnostics[reached.diagnostic], {certain: reached.certain, chain: reached.chain});
  }

  // Paths are shown below the directory every file shares (a site-packages, say), named in the header.
  const commonDirectory = (() => {
    if (!files.length) return '';
    let prefix = files[0].slice(0, files[0].lastIndexOf('/') + 1);
    for (const path of files) while (prefix && !path.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
    return prefix;
  })();
  function shortPath(file) {
    return files[file].slice(commonDirectory.length);
  }

  function linesOf(file) {
    return D.sources[String(file)] || {};
  }
  function where(file, line) {
    return shortPath(file) + ':' + line;
  }
  function entryTitle(entry) {
    return entry.kind === 'builder' ? entry.name + '() \u2192 ' + entry.class : entry.name;
  }
  function chainText(site) {
    return site.chain.map(step => step[0]).join(' \u2192 ');
  }

  // ---- summary ----------------------------------------------------------------------------------------
  const filters = {text: '', verdict: '', kind: ''};

  function countBy(list, key) {
    const counts = {};
    for (const item of list) counts[key(item)] = (counts[key(item)] || 0) + 1;
    return counts;
  }

  function verdictCards(kind, label) {
    const mine = entries.filter(e => e.kind === kind);
    const counts = countBy(mine, e => e.verdict);
    const cards = el('div', {class: 'cards', id: 'cards-' + kind});
    cards.append(el('button', {class: 'card', 'data-kind': kind, 'data-verdict': 'all',
                               onclick: () => applyFilters({kind, verdict: ''})},
                    el('span', {class: 'count', text: mine.length}), el('span', {class: 'label', text: label})));
    for (const verdict of VERDICTS) {
      cards.append(el('button', {class: 'card v-' + verdict, 'data-kind': kind, 'data-verdict': verdict,
                                 onclick: () => applyFilters({kind, verdict})},
                      el('span', {class: 'count', text: counts[verdict] || 0}), el('span', {class: 'label', text: verdict})));
    }
    return cards;
  }

  function ruleTable() {
    const firstFailures = countBy(entries.filter(e => e.first >= 0), e => site(e.first).code);
    const codes = [...new Set([...Object.keys(D.diagnostic_counts.by_rule), ...Object.keys(firstFailures)])].sort();
    const table = el('table', {class: 'small', id: 'rule-table'},
      el('thead', null, el('tr', null, el('th', {text: 'rule'}), el('th', {text: 'name'}),
                                       el('th', {class: 'num', text: 'diagnostics'}),
                                       el('th', {class: 'num', text: 'first failures'}))),
      el('tbody', null, codes.map(code => el('tr', {'data-code': code},
        el('td', null, el('span', {class: 'badge code', text: code})),
        el('td', {text: (D.rules[code] || {}).name || ''}),
        el('td', {class: 'num', 'data-field': 'diagnostics', text: D.diagnostic_counts.by_rule[code] || 0}),
        el('td', {class: 'num', 'data-field': 'first_failures', text: firstFailures[code] || 0})))));
    FX.sortable(table, [r => r.cells[0].textContent, r => r.cells[1].textContent,
                        r => Number(r.cells[2].textContent), r => Number(r.cells[3].textContent)]);
    return table;
  }

  function fileTable() {
    const byFile = new Map();
    for (const entry of entries) {
      if (!byFile.has(entry.file)) byFile.set(entry.file, {traceable: 0, specialized: 0, fails: 0, unknown: 0});
      byFile.get(entry.file)[entry.verdict]++;
    }
    const rows = [...byFile.entries()].sort((a, b) => files[a[0]].localeCompare(files[b[0]]));
    const table = el('table', {id: 'file-table'},
      el('thead', null, el('tr', null, el('th', {text: 'file'}), VERDICTS.map(v => el('th', {class: 'num', text: v})),
                                       el('th', {class: 'num', text: 'total'}))),
      el('tbody', null, rows.map(([file, counts]) => el('tr', {'data-file': files[file]},
        el('td', null, el('button', {class: 'link mono', text: shortPath(file), onclick: () => applyFilters({text: shortPath(file)})})),
        VERDICTS.map(v => el('td', {class: 'num', 'data-verdict': v, text: counts[v]})),
        el('td', {class: 'num', 'data-verdict': 'total', text: VERDICTS.reduce((n, v) => n + counts[v], 0)})))));
    FX.sortable(table, [r => r.cells[0].textContent, ...VERDICTS.map((v, i) => r => Number(r.cells[i + 1].textContent)),
                        r => Number(r.cells[5].textContent)]);
    return el('details', {id: 'files', open: rows.length <= 12},
              el('summary', {text: rows.length + ' files with module classes or builders'}),
              el('div', {class: 'table-wrap'}, table));
  }

  function configuration() {
    const box = el('div', {id: 'configuration'});
    D.configurations.forEach(config => {
      const dl = el('dl', {class: 'kv'});
      const add = (key, value) => dl.append(el('dt', {text: key}), el('dd', {class: 'mono', text: value}));
      add('configuration', config.name + (config.source ? ' (from ' + config.source + ')' : ' (command line)'));
      add('tracer', 'torch.fx.symbolic_trace' + (config.param_shapes_constant ? ', param_shapes_constant=True' : ''));
      add('traced inputs', config.inputs ? config.inputs.join(', ') || '(none)' : 'every forward parameter (a Proxy each)');
      add('leaf classes', config.leaf_classes.length ? config.leaf_classes.join(', ') : '(torch.nn only)');
      if (config.dynamic.length) add('dynamic dims', config.dynamic.join(', '));
      if (config.roots.length) add('import roots', config.roots.join(', '));
      add('files', config.files);
      box.append(el('div', {class: 'panel'}, dl));
    });
    return box;
  }

  function summary() {
    const section = el('section', {id: 'summary'}, el('h2', {text: 'Summary'}));
    section.append(verdictCards('class', 'module classes'));
    if (entries.some(e => e.kind === 'builder')) section.append(verdictCards('builder', 'builders'));
    const d = D.diagnostic_counts;
    section.append(el('p', {id: 'diagnostic-totals'},
      el('span', {'data-field': 'diagnostics', text: d.total}), ' diagnostics (',
      el('span', {'data-field': 'suppressed', text: d.suppressed}), ' suppressed) in ',
      el('span', {'data-field': 'files', text: d.files}), ' files analyzed'));
    if (D.errors.length || D.file_problems.length) {
      const list = el('ul', {id: 'problems'});
      for (const error of D.errors) list.append(el('li', {class: 'error-text', text: error}));
      for (const problem of D.file_problems) list.append(el('li', null, el('span', {class: 'mono', text: where(problem.file, problem.line)}), ' not analyzed: ' + problem.message));
      section.append(el('h3', {text: 'Problems'}), list);
    }
    section.append(el('div', {class: 'columns'},
                      el('div', null, el('h3', {text: 'Per rule'}), ruleTable()),
                      el('div', null, el('h3', {text: 'Configuration'}), configuration())));
    section.append(el('h3', {text: 'Per file'}), fileTable());
    return section;
  }

  // ---- the table --------------------------------------------------------------------------------------
  let tableBody;
  let shownCount;
  let controls;

  function entryRow(entry, index) {
    const first = entry.first >= 0 ? site(entry.first) : null;
    return el('tr', {'data-index': index, 'data-verdict': entry.verdict, 'data-kind': entry.kind, 'data-name': entry.name,
                     'data-file': files[entry.file], 'data-line': entry.line,
                     'data-first': first ? first.code + ' ' + files[first.file] + ':' + first.line : null,
                     onclick: () => showEntry(index)},
      el('td', {text: entry.kind}),
      el('td', {class: 'mono', text: entryTitle(entry)}),
      el('td', {class: 'mono', text: where(entry.file, entry.line)}),
      el('td', null, badge(entry.verdict)),
      el('td', {class: 'mono'}, first ? [el('span', {class: 'badge code', text: first.code}), ' ' + where(first.file, first.line)] : ''),
      el('td', {class: 'chain', text: first ? chainText(first) : ''}));
  }

  function applyFilters(change) {
    Object.assign(filters, change);
    controls.text.value = filters.text;
    controls.verdict.value = filters.verdict;
    controls.kind.value = filters.kind;
    const needle = filters.text.toLowerCase();
    let shown = 0;
    for (const row of tableBody.rows) {
      const entry = entries[Number(row.dataset.index)];
      const visible = (!filters.verdict || entry.verdict === filters.verdict) && (!filters.kind || entry.kind === filters.kind) &&
                      (!needle || row.textContent.toLowerCase().includes(needle));
      row.hidden = !visible;
      shown += visible;
    }
    shownCount.textContent = shown + ' of ' + entries.length + ' shown';
    if (change.kind !== undefined || change.verdict !== undefined)
      document.getElementById('classes').scrollIntoView({block: 'start'});
  }

  function classTable() {
    const section = el('section', {id: 'classes'}, el('h2', {text: 'Classes and builders'}));
    controls = {
      text: el('input', {type: 'search', id: 'filter-text', placeholder: 'filter: name, file, rule, chain',
                         oninput: e => applyFilters({text: e.target.value})}),
      verdict: el('select', {id: 'filter-verdict', onchange: e => applyFilters({verdict: e.target.value})},
                  el('option', {value: '', text: 'every verdict'}), VERDICTS.map(v => el('option', {value: v, text: v}))),
      kind: el('select', {id: 'filter-kind', onchange: e => applyFilters({kind: e.target.value})},
               el('option', {value: '', text: 'classes and builders'}), el('option', {value: 'class', text: 'classes'}),
               el('option', {value: 'builder', text: 'builders'})),
    };
    shownCount = el('span', {id: 'shown-count', class: 'muted'});
    section.append(el('div', {class: 'controls'}, controls.text, controls.verdict, controls.kind, shownCount));
    tableBody = el('tbody', null, entries.map(entryRow));
    const table = el('table', {id: 'entries'},
      el('thead', null, el('tr', null, ['kind', 'name', 'defined at', 'verdict', 'first failure', 'chain'].map(h => el('th', {text: h})))),
      tableBody);
    const verdictOrder = r => VERDICTS.indexOf(r.dataset.verdict);
    FX.sortable(table, [r => r.cells[0].textContent, r => r.cells[1].textContent, r => r.cells[2].textContent,
                        verdictOrder, r => r.cells[4].textContent, r => r.cells[5].textContent]);
    section.append(el('div', {class: 'table-wrap'}, table));
    shownCount.textContent = entries.length + ' of ' + entries.length + ' shown';
    return section;
  }

  // ---- one entry --------------------------------------------------------------------------------------
  function fixView(fix) {
    if (!fix) return null;
    const box = el('div', {class: 'fix'}, el('strong', {text: 'Fix'}), ' (' + fix.applicability + '): ', fix.title);
    if (fix.diff) box.append(FX.diff(fix.diff));
    return box;
  }

  function siteView(site) {
    const box = el('div', {class: 'site sev-' + site.severity});
    box.append(el('div', {class: 'site-head'}, el('span', {class: 'badge code', text: site.code}), ' ',
                  el('span', {class: 'mono', text: where(site.file, site.line)}), ' ', site.message,
                  site.certain ? '' : el('span', {class: 'muted', text: ' (behind a decision fxlint could not make: may not be reached)'})));
    box.append(FX.codeFrame(shortPath(site.file), linesOf(site.file), site));
    if (site.chain.length) {
      const stepFrame = el('div', {class: 'chain-frame'});
      const list = el('ol', {class: 'chain'});
      site.chain.forEach((step, i) => {
        const [label, file, line] = step;
        const item = el('li');
        if (file === undefined) {
          item.append(el('span', {class: 'mono', text: label}), el('span', {class: 'muted', text: ' (not located)'}));
        } else {
          item.append(el('button', {class: 'link mono', text: label, onclick: () => {
            list.querySelectorAll('li.current').forEach(li => li.classList.remove('current'));
            item.classList.add('current');
            const span = i + 1 === site.chain.length ? site : {line};
            stepFrame.replaceChildren(FX.codeFrame(shortPath(file), linesOf(file), span, 2));
          }}), el('span', {class: 'muted mono', text: ' ' + where(file, line)}));
        }
        list.append(item);
      });
      box.append(el('div', null, el('strong', {text: 'Call chain'}), ' (outermost first; click a step for its code)'), list, stepFrame);
    }
    const fix = fixView(site.fix);
    if (fix) box.append(fix);
    return box;
  }

  // The module tree as fxlint built it: every module of the model, the project's with their own verdicts.
  function treeView(entry) {
    const root = {path: '', label: entryTitle(entry), class: '', verdict: entry.verdict, first: entry.first,
                  children: [], open: true};
    const nodes = D.trees[entry.tree].map(([parent, name, cls, file, line, verdict, first, failing]) =>
      ({parent, label: name, class: D.module_classes[cls], file, line, children: [],
        verdict: verdict === undefined ? 'none' : VERDICTS[verdict], first: first === undefined ? -1 : first, failing: failing === 1}));
    for (const node of nodes) {
      const parent = node.parent < 0 ? root : nodes[node.parent];
      node.path = parent === root ? node.label : parent.path + '.' + node.label;
      node.up = parent;
      parent.children.push(node);
      if (node.failing) for (let n = node; n; n = n.up) n.open = true;
    }
    const siteBox = el('div', {class: 'tree-site'});
    const draw = node => {
      const label = el('span', {class: 'node v-' + node.verdict + (node.failing ? ' failing' : ''), 'data-path': node.path, title: node.path || '(the model)'},
        el('span', {class: 'mono', text: node.label}),
        el('span', {class: 'muted', text: node === root ? '' : node.class || '(class not known)'}),
        node.verdict === 'none' ? null : badge(node.verdict));
      if (node.first >= 0) {
        const failure = site(node.first);
        label.append(el('button', {class: 'link mono', text: failure.code + ' at ' + where(failure.file, failure.line),
                                   onclick: e => { e.preventDefault(); siteBox.replaceChildren(siteView(failure)); }}));
      }
      if (!node.children.length) return el('li', null, el('span', {class: 'leaf-pad'}), label);
      const details = el('details', {open: !!node.open}, el('summary', null, label));
      // Children are drawn when first opened: big models stay cheap until looked at.
      const fill = () => {
        if (details.dataset.filled) return;
        details.dataset.filled = '1';
        details.append(el('ul', null, node.children.map(draw)));
      };
      if (node.open) fill();
      else details.addEventListener('toggle', fill);
      return el('li', null, details);
    };
    return el('div', {class: 'panel', id: 'module-tree'},
      el('h3', {text: 'Module tree'}),
      el('p', {class: 'muted', text: 'Every module inside the model as fxlint built it (named_modules() paths). Each of the ' +
                                    'project\u2019s modules has its own verdict: traced on its own, as symbolic_trace(model.get_submodule(path)) ' +
                                    'would be; torch\u2019s modules have none. The failing submodule is opened.'}),
      el('ul', {class: 'tree'}, draw(root)), siteBox);
  }

  function showEntry(index) {
    const entry = entries[index];
    for (const row of tableBody.querySelectorAll('tr.selected')) row.classList.remove('selected');
    const row = tableBody.querySelector('tr[data-index="' + index + '"]');
    if (row) row.classList.add('selected');
    const detail = document.getElementById('detail');
    detail.replaceChildren(el('h2', null, entryTitle(entry), ' ', badge(entry.verdict)),
      el('p', {class: 'muted'}, (entry.kind === 'builder' ? 'builder function' : 'module class') + ' defined at ',
         el('span', {class: 'mono', text: where(entry.file, entry.line)})));
    if (entry.first >= 0) {
      detail.append(el('h3', {text: 'First failure'}), el('div', {id: 'first-failure'}, siteView(site(entry.first))));
    } else if (entry.verdict === 'traceable') {
      detail.append(el('p', {text: 'symbolic_trace succeeds and nothing is specialized.'}));
    }
    const others = entry.sites.filter(i => i !== entry.first);
    if (others.length) {
      const list = el('div', {id: 'other-hazards'});
      for (const i of others) {
        const hazard = site(i);
        const details = el('details', {class: 'hazard'},
          el('summary', null, el('span', {class: 'badge code', text: hazard.code}), ' ', el('span', {class: 'mono', text: where(hazard.file, hazard.line)}), ' ' + hazard.message));
        details.addEventListener('toggle', () => { if (details.open && details.children.length === 1) details.append(siteView(hazard)); });
        list.append(details);
      }
      detail.append(el('h3', {text: (entry.first >= 0 ? 'Other hazards on the traced path' : 'Hazards on the traced path') + ' (' + others.length + ')'}), list);
    }
    if (entry.tree !== undefined) detail.append(treeView(entry));
    detail.hidden = false;
    detail.scrollIntoView({block: 'start'});
  }

  // ---- the page ---------------------------------------------------------------------------------------
  const classCount = entries.filter(e => e.kind === 'class').length;
  const builderCount = entries.length - classCount;
  document.body.append(
    el('header', null, el('h1', {text: 'fxlint report: ' + D.title}),
       el('div', {class: 'sub', text: classCount + ' module classes, ' + builderCount + ' builders \u00b7 fxlint ' + D.version +
                                      ' \u00b7 will torch.fx.symbolic_trace succeed?' +
                                      (commonDirectory ? ' \u00b7 paths below ' + commonDirectory : '')})),
    el('main', null, summary(), classTable(), el('section', {id: 'detail', class: 'panel', hidden: true})));
  FX.ready();
})();
