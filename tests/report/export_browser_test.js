// `fxlint export --report-html` in a real browser (Debian's headless Chromium, playwright-core): exports
// a model with both --report (JSON) and --report-html, then checks in the page that every number equals
// the JSON report's (nodes by attribution; the module tree's exact and parent counts add up to them and
// each module's equals the hierarchy file's), that the strategy, mispredictions, validation runs and
// guards are all shown, that the tree expands, and that the page makes no network request; saves a
// screenshot.
//
//   node export_browser_test.js --fxlint BIN --tools DIR --chromium PATH --out DIR --name NAME -- FILE.py:TARGET [export options]
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const {expandsTree, openReport, runTest} = require('./browser');

async function main() {
  const argv = process.argv.slice(2);
  const split = argv.indexOf('--');
  const options = {};
  for (let i = 0; i < split; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
  const exportArgs = argv.slice(split + 1);
  if (split < 0 || !exportArgs.length || !options.fxlint || !options.tools || !options.chromium || !options.out || !options.name)
    throw new Error('usage: export_browser_test.js --fxlint BIN --tools DIR --chromium PATH --out DIR --name NAME -- TARGET [options]');
  fs.mkdirSync(options.out, {recursive: true});
  const stem = path.resolve(options.out, options.name);
  for (const suffix of ['.onnx', '.hierarchy.json', '.json', '.html']) fs.rmSync(stem + suffix, {force: true});
  const done = childProcess.spawnSync(options.fxlint, ['export', ...exportArgs, '-o', stem + '.onnx', '--report', stem + '.json',
                                                       '--report-html', stem + '.html'], {encoding: 'utf8'});
  if (done.status !== 0) throw new Error(`fxlint export exited ${done.status}: ${done.stderr}`);
  const report = JSON.parse(fs.readFileSync(stem + '.json', 'utf8'));
  const hierarchy = JSON.parse(fs.readFileSync(stem + '.hierarchy.json', 'utf8'));

  const failures = [];
  const check = (condition, message) => { if (!condition) failures.push(message); };
  const opened = await openReport({tools: options.tools, chromium: options.chromium, file: stem + '.html'});
  const {page} = opened;
  try {
    const attribution = await page.$$eval('#attribution tbody tr', trs => Object.fromEntries(trs.map(tr => [tr.dataset.attribution, Number(tr.cells[1].textContent)])));
    for (const key of ['total', 'exact', 'parent', 'constant', 'none', 'root'])
      check(attribution[key] === report.nodes[key], `${key} nodes: page ${attribution[key]}, JSON report ${report.nodes[key]}`);
    check((await page.textContent('#strategy-used')) === report.strategy.used, 'the strategy shown is not the one used');
    check((await page.textContent('#strategy-reason')) === report.strategy.reason, 'the strategy\'s reason is not the report\'s');
    const mispredictions = await page.$$('#mispredictions tbody tr');
    check(mispredictions.length === report.strategy.mispredictions.length,
          `mispredictions: page ${mispredictions.length}, JSON report ${report.strategy.mispredictions.length}`);
    const runs = await page.$$eval('#validation-runs tbody tr', trs => trs.map(tr => tr.cells[2].textContent));
    check(runs.length === report.validation.runs.length, `validation runs: page ${runs.length}, JSON report ${report.validation.runs.length}`);
    report.validation.runs.forEach((run, i) => check(run.error ? runs[i] === run.error : Number(runs[i]) === run.max_abs_error,
                                                     `validation run ${run.label}: page ${runs[i]}, JSON report ${run.error || run.max_abs_error}`));
    const guards = await page.$$eval('#guards li', lis => lis.map(li => li.textContent));
    check(JSON.stringify(guards) === JSON.stringify(report.guards), `guards: page ${JSON.stringify(guards)}, JSON report ${JSON.stringify(report.guards)}`);

    // The tree: a closed module opens, then every module, whose counts must add up.
    check(await expandsTree(page, '#hierarchy'), 'expanding a module showed nothing more');
    await page.evaluate(async () => {
      for (;;) {
        const shut = document.querySelectorAll('#hierarchy details:not([open])');
        if (!shut.length) return;
        for (const details of shut) details.open = true;
        await new Promise(resolve => setTimeout(resolve, 0));
      }
    });
    const modules = await page.$$eval('#hierarchy .node[data-path]', ns => ns.map(n => [n.dataset.path, Number(n.dataset.exact), Number(n.dataset.parent), Number(n.dataset.total)]));
    const sum = column => modules.reduce((n, m) => n + m[column], 0);
    check(sum(1) === report.nodes.exact, `the tree's exact nodes add up to ${sum(1)}, the report has ${report.nodes.exact}`);
    check(sum(2) === report.nodes.parent, `the tree's parent nodes add up to ${sum(2)}, the report has ${report.nodes.parent}`);
    const root = modules.find(m => m[0] === '');
    check(root && root[3] === report.nodes.exact + report.nodes.parent, `the root's total is ${root && root[3]}`);
    const byPath = new Map(modules.map(m => [m[0], m]));
    for (const [module, entry] of Object.entries(hierarchy.modules))
      check(byPath.has(module) && byPath.get(module)[1] + byPath.get(module)[2] === entry.nodes.length,
            `module ${module || '(root)'}: page ${byPath.has(module) ? byPath.get(module)[1] + byPath.get(module)[2] : 'missing'}, hierarchy file ${entry.nodes.length}`);
    check(Object.keys(hierarchy.module_classes).every(p => byPath.has(p)), 'a module of the model is missing from the tree');
    await page.screenshot({path: stem + '.png', fullPage: true});
    check(opened.requests.length === 0, `the page made ${opened.requests.length} network requests`);
    failures.push(...opened.problems);
    console.log(JSON.stringify({report: stem + '.html', bytes: fs.statSync(stem + '.html').size, ready_ms: Math.round(opened.readyMs),
                                strategy: report.strategy.used, modules: modules.length, nodes: report.nodes.total}));
  } finally {
    await opened.close();
  }
  return failures;
}

runTest(main);
