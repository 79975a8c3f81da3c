// `fxlint report` in a real browser: Debian's headless Chromium driven by playwright-core. Writes the
// report of PATH..., then checks in the page that every number equals the JSON outputs' (`verdicts` and
// `check --format json` with the same options), that filtering by a verdict and clicking a failure shows
// its code frame (the span highlighted exactly) and its call chain (each located step opens its frame),
// that a module tree expands, that the page becomes interactive within --max-ready-ms and makes no
// network request, and saves a screenshot. Exit status 0 when every check passes.
//
//   node report_browser_test.js --fxlint BIN --tools DIR --chromium PATH --out DIR --name NAME
//        [--max-ready-ms N] [--max-bytes N] -- PATH... [fxlint options]
'use strict';
const assert = require('assert');
const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const {expandsTree, openReport, runTest} = require('./browser');

function parseArguments(argv) {
  const options = {maxReadyMs: 1000, maxBytes: 2 * 1024 * 1024, rest: []};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { options.rest = argv.slice(i + 1); break; }
    const value = argv[++i];
    if (arg === '--fxlint') options.fxlint = value;
    else if (arg === '--tools') options.tools = value;
    else if (arg === '--chromium') options.chromium = value;
    else if (arg === '--out') options.out = value;
    else if (arg === '--name') options.name = value;
    else if (arg === '--max-ready-ms') options.maxReadyMs = Number(value);
    else if (arg === '--max-bytes') options.maxBytes = Number(value);
    else throw new Error('unknown option ' + arg);
  }
  for (const key of ['fxlint', 'tools', 'chromium', 'out', 'name'])
    if (!options[key]) throw new Error('--' + key + ' is required');
  if (!options.rest.length) throw new Error('no paths after --');
  return options;
}

function fxlint(binary, args, expectedStatuses) {
  const started = Date.now();
  const done = childProcess.spawnSync(binary, args, {encoding: 'utf8', maxBuffer: 512 * 1024 * 1024});
  if (!expectedStatuses.includes(done.status))
    throw new Error(`fxlint ${args.join(' ')} exited ${done.status}: ${done.stderr}`);
  return {stdout: done.stdout, seconds: (Date.now() - started) / 1000};
}

function countBy(list, key) {
  const counts = {};
  for (const item of list) counts[key(item)] = (counts[key(item)] || 0) + 1;
  return counts;
}

// The text a span covers on its first line, as the page should highlight it (columns are UTF-8 bytes).
function spanText(file, site) {
  const line = fs.readFileSync(file).toString('utf8').split('\n')[site.line - 1];
  const bytes = Buffer.from(line, 'utf8');
  const end = site.end_line === site.line ? site.end_column - 1 : bytes.length;
  return bytes.subarray(site.column - 1, end).toString('utf8');
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  fs.mkdirSync(options.out, {recursive: true});
  const report = path.resolve(options.out, options.name + '.html');
  fs.rmSync(report, {force: true});

  // 1. The page and the JSON it must agree with, from the same analysis options. The page traces each
  // model's submodules, so the JSON runs do too (--submodules changes no class's verdict).
  const written = fxlint(options.fxlint, ['report', ...options.rest, '-o', report, '--no-cache'], [0]);
  const verdicts = JSON.parse(fxlint(options.fxlint, ['verdicts', '--format', 'json', '--submodules', '--no-cache', ...options.rest], [0, 1]).stdout);
  const check = JSON.parse(fxlint(options.fxlint, ['check', '--format', 'json', '--submodules', '--no-cache', ...options.rest], [0, 1]).stdout);
  const bytes = fs.statSync(report).size;
  assert(bytes < options.maxBytes, `report is ${bytes} bytes, over ${options.maxBytes}`);
  const expected = [...verdicts.classes.map(c => ({...c, kind: 'class'})), ...verdicts.factories.map(f => ({...f, kind: 'builder'}))];
  assert(expected.length > 0, 'nothing to show: no class and no builder');

  // 2. The page in a fresh browser; every request but the report's own file is recorded and refused.
  const failures = [];
  const opened = await openReport({tools: options.tools, chromium: options.chromium, file: report});
  const {page, requests, readyMs} = opened;
  try {
    const check_ = (condition, message) => { if (!condition) failures.push(message); };
    check_(readyMs < options.maxReadyMs, `interactive after ${readyMs.toFixed(0)} ms, over ${options.maxReadyMs}`);

    // 3. Every number against the JSON outputs.
    const rows = await page.$$eval('#entries tbody tr', trs => trs.map(tr => ({
      kind: tr.dataset.kind, name: tr.dataset.name, file: tr.dataset.file, line: Number(tr.dataset.line),
      verdict: tr.dataset.verdict, first: tr.dataset.first || null, shown: tr.cells[2].textContent})));
    check_(rows.length === expected.length, `table has ${rows.length} rows, the JSON ${expected.length} verdicts`);
    const key = r => [r.kind, r.name, r.file, r.line, r.verdict, r.first].join('|');
    const expectedKeys = expected.map(e => key({kind: e.kind, name: e.name, file: e.file, line: e.line, verdict: e.verdict,
      first: e.first_failure ? `${e.first_failure.code} ${e.first_failure.file}:${e.first_failure.line}` : null})).sort();
    const rowKeys = rows.map(key).sort();
    const mismatched = rowKeys.filter((k, i) => k !== expectedKeys[i]);
    check_(mismatched.length === 0, `${mismatched.length} rows differ from the JSON, e.g. ${mismatched[0]}`);
    for (const row of rows.slice(0, 50)) check_(row.file.endsWith(row.shown.replace(/:\d+$/, '')), `row shows ${row.shown} for ${row.file}`);

    const cards = await page.$$eval('.card', cs => cs.map(c => [c.dataset.kind, c.dataset.verdict, Number(c.querySelector('.count').textContent)]));
    for (const [kind, list] of [['class', verdicts.classes], ['builder', verdicts.factories]]) {
      const counts = countBy(list, e => e.verdict);
      for (const verdict of ['all', 'traceable', 'specialized', 'fails', 'unknown']) {
        const card = cards.find(c => c[0] === kind && c[1] === verdict);
        if (!list.length && !card) continue;
        const want = verdict === 'all' ? list.length : counts[verdict] || 0;
        check_(card && card[2] === want, `${kind} card ${verdict}: page ${card && card[2]}, JSON ${want}`);
      }
    }
    const totals = await page.$$eval('#diagnostic-totals [data-field]', spans => Object.fromEntries(spans.map(s => [s.dataset.field, Number(s.textContent)])));
    check_(totals.diagnostics === check.diagnostics.length, `diagnostics: page ${totals.diagnostics}, check JSON ${check.diagnostics.length}`);
    check_(totals.suppressed === check.suppressed, `suppressed: page ${totals.suppressed}, check JSON ${check.suppressed}`);
    check_(totals.files === check.files, `files: page ${totals.files}, check JSON ${check.files}`);
    const ruleRows = await page.$$eval('#rule-table tbody tr', trs => trs.map(tr => [tr.dataset.code,
      Number(tr.querySelector('[data-field=diagnostics]').textContent), Number(tr.querySelector('[data-field=first_failures]').textContent)]));
    const byRule = countBy(check.diagnostics, d => d.code);
    const firstByRule = countBy(expected.filter(e => e.first_failure), e => e.first_failure.code);
    const codes = new Set([...Object.keys(byRule), ...Object.keys(firstByRule)]);
    check_(ruleRows.length === codes.size, `rule table has ${ruleRows.length} rules, the JSON ${codes.size}`);
    for (const [code, diagnostics, firsts] of ruleRows) {
      check_(diagnostics === (byRule[code] || 0), `${code} diagnostics: page ${diagnostics}, check JSON ${byRule[code] || 0}`);
      check_(firsts === (firstByRule[code] || 0), `${code} first failures: page ${firsts}, verdicts JSON ${firstByRule[code] || 0}`);
    }
    const fileRows = await page.$$eval('#file-table tbody tr', trs => trs.map(tr => [tr.dataset.file,
      Object.fromEntries([...tr.querySelectorAll('td[data-verdict]')].map(td => [td.dataset.verdict, Number(td.textContent)]))]));
    const byFile = {};
    for (const e of expected) {
      byFile[e.file] = byFile[e.file] || {traceable: 0, specialized: 0, fails: 0, unknown: 0, total: 0};
      byFile[e.file][e.verdict]++;
      byFile[e.file].total++;
    }
    check_(fileRows.length === Object.keys(byFile).length, `file table has ${fileRows.length} files, the JSON ${Object.keys(byFile).length}`);
    for (const [file, counts] of fileRows)
      check_(JSON.stringify(counts) === JSON.stringify(byFile[file]), `${file}: page ${JSON.stringify(counts)}, JSON ${JSON.stringify(byFile[file])}`);

    // 4. Filtering by a verdict shows exactly its rows.
    const failing = expected.filter(e => e.verdict === 'fails');
    await page.selectOption('#filter-verdict', 'fails');
    const visible = await page.$$eval('#entries tbody tr:not([hidden])', trs => trs.map(tr => tr.dataset.verdict));
    check_(visible.length === failing.length && visible.every(v => v === 'fails'),
           `filter fails: ${visible.length} rows shown, the JSON has ${failing.length} failing`);
    check_((await page.textContent('#shown-count')).startsWith(failing.length + ' of '), 'the shown count disagrees with the rows');

    // 5. Clicking a failure shows its frame, the failing span highlighted, and its chain; each located
    // step opens its own frame. The entry chosen has the longest chain.
    let clickedName = null;
    if (failing.length) {
      const chosen = failing.reduce((best, e) => (e.first_failure.chain.length > best.first_failure.chain.length ? e : best));
      clickedName = chosen.name;
      await page.click(`#entries tbody tr[data-name="${chosen.name}"][data-file="${chosen.file}"]`);
      await page.waitForSelector('#first-failure .frame mark');
      const first = chosen.first_failure;
      const mark = await page.textContent('#first-failure .frame mark');
      if (first.end_line === first.line) check_(mark === spanText(first.file, first), `highlighted \`${mark}\`, the span is \`${spanText(first.file, first)}\``);
      const head = await page.textContent('#first-failure .frame-head');
      check_(first.file.endsWith(head.replace(/:\d+$/, '')) && head.endsWith(':' + first.line), `frame of ${head}, the failure is at ${first.file}:${first.line}`);
      const steps = await page.$$('#first-failure ol.chain > li');
      check_(steps.length === first.chain.length, `chain shows ${steps.length} steps, the JSON ${first.chain.length}`);
      let located = 0;
      for (const step of steps) {
        const link = await step.$('button');
        if (!link) continue;
        located++;
        await link.click();
        const frameHead = await page.textContent('#first-failure .chain-frame .frame-head');
        const where = await step.$eval('.muted', s => s.textContent.trim());
        check_(frameHead === where, `chain step at ${where} opened the frame of ${frameHead}`);
      }
      check_(located >= 1, 'no chain step is a link');
      const lastHead = await page.textContent('#first-failure .chain-frame .frame-head');
      check_(lastHead.endsWith(':' + first.line), `the last chain step opened ${lastHead}, the failure is on line ${first.line}`);
      await page.screenshot({path: path.join(options.out, options.name + '-failure.png')});
    }

    // 6. A module tree: the failing submodule (when one is marked) is visible; a closed node opens.
    await page.selectOption('#filter-verdict', '');
    const withTree = expected.filter(e => (e.submodules || []).length > 0);
    // Submodules that fail, traced on their own, where their model first fails: the failure is inside them.
    const place = f => f && [f.code, f.file, f.line, f.column].join(':');
    const failingInside = e => (e.submodules || []).filter(s => e.first_failure && place(s.first_failure) === place(e.first_failure));
    let treeChecked = false;
    if (withTree.length) {
      const chosen = withTree.find(e => failingInside(e).length) || withTree.find(e => e.verdict === 'fails') || withTree[0];
      await page.click(`#entries tbody tr[data-name="${chosen.name}"][data-file="${chosen.file}"]`);
      await page.waitForSelector('#module-tree');
      const inside = failingInside(chosen).map(s => s.path);
      const failingNode = await page.$('#module-tree .node.failing');
      check_(!!failingNode === inside.length > 0, `${inside.length} submodules fail where ${chosen.name} does, failing node shown: ${!!failingNode}`);
      if (failingNode) {
        check_(await failingNode.isVisible(), 'the failing submodule is not opened');
        const marked = await failingNode.getAttribute('data-path');
        check_(inside.includes(marked) && !inside.some(p => p.startsWith(marked + '.')),
               `marked ${marked} as the failing submodule; those failing there: ${inside.join(', ')}`);
      }
      check_(await expandsTree(page, '#module-tree'), 'expanding a tree node showed no more modules');
      // Every project module of the JSON's submodules has a node with its verdict, after opening them all.
      // In the page: one round trip per level, not per node (torchvision's trees have thousands).
      await page.evaluate(async () => {
        for (;;) {
          const closed = document.querySelectorAll('#module-tree details:not([open])');
          if (!closed.length) return;
          for (const details of closed) details.open = true;
          await new Promise(resolve => setTimeout(resolve, 0));  // toggle events draw the children
        }
      });
      const nodes = await page.$$eval('#module-tree .node[data-path]', ns => ns.map(n => [n.dataset.path, (n.querySelector('.badge') || {}).textContent]));
      const shown = new Map(nodes);
      for (const submodule of chosen.submodules)
        check_(shown.get(submodule.path) === submodule.verdict, `tree node ${submodule.path}: page ${shown.get(submodule.path)}, JSON ${submodule.verdict}`);
      treeChecked = true;
      await page.locator('#module-tree').scrollIntoViewIfNeeded();
      await page.screenshot({path: path.join(options.out, options.name + '-tree.png')});
    }

    check_(requests.length === 0, `the page made ${requests.length} network requests: ${requests.slice(0, 3).join(', ')}`);
    failures.push(...opened.problems);
    console.log(JSON.stringify({report, bytes, fxlint_report_seconds: written.seconds, ready_ms: Math.round(readyMs),
                                load_to_ready_ms: opened.loadToReadyMs, rows: rows.length, failing: failing.length,
                                clicked: clickedName, tree_checked: treeChecked, requests: requests.length}));
  } finally {
    await opened.close();
  }
  return failures;
}

runTest(main);
