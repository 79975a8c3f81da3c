// Opens an fxlint HTML report in Debian's headless Chromium through playwright-core (never a browser of
// playwright's own): a fresh, empty profile; every request but the report's own file is refused and
// recorded; page errors and dialogs are recorded. Shared by the report's browser tests.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const kChromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                        '--disable-component-update', '--disable-sync'];

// Resolves once the page has drawn itself (body[data-ready]); `readyMs` is the page's own time from
// navigation start to interactive. `close()` ends the browser and removes the profile.
async function openReport({tools, chromium, file}) {
  const {chromium: launcher} = require(path.join(tools, 'node_modules', 'playwright-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fxlint-chromium-'));
  const context = await launcher.launchPersistentContext(profile, {
    executablePath: chromium, headless: true, viewport: {width: 1400, height: 1000}, args: kChromiumFlags,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  };
  const requests = [];
  const problems = [];
  const url = 'file://' + path.resolve(file);
  try {
    await context.route('**/*', route => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', error => problems.push('page error: ' + error.message));
    page.on('dialog', dialog => { problems.push('dialog opened: ' + dialog.message()); dialog.dismiss(); });
    const started = Date.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready]', {timeout: 30000});
    const loadToReadyMs = Date.now() - started;
    const readyMs = await page.evaluate(() => window.fxlintReadyMs);
    return {page, requests, problems, readyMs, loadToReadyMs, close};
  } catch (error) {
    await close();
    throw error;
  }
}

// Opens a closed node of the tree under `tree` (when every node is open, the root closes first and is the
// one opened); true once more nodes of the tree are visible (the page draws children on the toggle event,
// which comes after the click), false if none appear within 5 s.
async function expandsTree(page, tree) {
  const marker = {position: {x: 4, y: 6}};  // the disclosure marker, not a link inside the label
  let summary = await page.$(tree + ' details:not([open]) > summary');
  if (!summary) {
    summary = await page.$(tree + ' ul.tree > li > details > summary');
    if (!summary) return false;
    await summary.click(marker);
  }
  const visibleNodes = ([selector, atLeast]) => {
    const count = [...document.querySelectorAll(selector + ' .node')].filter(n => n.checkVisibility()).length;
    return atLeast === undefined ? count : count > atLeast;
  };
  const before = await page.evaluate(visibleNodes, [tree]);
  await summary.click(marker);
  return page.waitForFunction(visibleNodes, [tree, before], {timeout: 5000}).then(() => true, () => false);
}

// Runs a test's async body, which returns its failures: prints each; exit status 1 when there is one or
// the body throws.
function runTest(body) {
  body().then(failures => {
    for (const failure of failures) console.error('FAIL: ' + failure);
    process.exit(failures.length ? 1 : 0);
  }, error => {
    console.error(error.stack || String(error));
    process.exit(1);
  });
}

module.exports = {expandsTree, openReport, runTest};
