-- Run by lsp_neovim_test.py in `nvim --headless -u NONE`: starts `fxlint lsp` with vim.lsp.start_client,
-- opens each file named in $FXLINT_FILES (one per line), and records per file what neovim made of the
-- server's messages: its diagnostics, a hover on the first flagged line, and the diagnostics after
-- applying the first diagnostic's suppression code action to the buffer. Diagnostics carrying a related
-- site are sites in imported files, shown at the class that reaches them. Writes JSON to $FXLINT_OUT.
local fxlint, out = os.getenv("FXLINT"), os.getenv("FXLINT_OUT")
local published = {}
local id = vim.lsp.start_client({
  cmd = { fxlint, "lsp" },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      published[vim.uri_to_fname(result.uri)] = true
    end,
  },
})

local function wait_published(path)
  published[path] = nil
  return vim.wait(60000, function() return published[path] end, 10)
end

local function simplified(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    local related = d.user_data.lsp.relatedInformation
    table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code,
                         message = d.message, severity = d.severity,
                         href = d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href,
                         site = related and { uri = related[1].location.uri, line = related[1].location.range.start.line } })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return a.code < b.code
  end)
  return list
end

local results = {}
for path in string.gmatch(os.getenv("FXLINT_FILES"), "[^\n]+") do
  local result = {}
  results[path] = result
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  published[path] = nil
  vim.lsp.buf_attach_client(buf, id)
  result.published = vim.wait(60000, function() return published[path] end, 10)
  result.diagnostics = simplified(vim.diagnostic.get(buf))
  local first  -- the first diagnostic in the file itself (not a site in an imported file)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if not d.user_data.lsp.relatedInformation and (not first or d.lnum < first.lnum) then first = d end
  end
  if first then
    local lsp_diagnostic = first.user_data.lsp
    local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
      textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = first.lnum, character = 0 } }, 60000)
    result.hover = hover and hover[id] and hover[id].result and hover[id].result.contents.value
    local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = first.lnum, character = 0 }, ["end"] = { line = first.lnum, character = 0 } },
      context = { diagnostics = { lsp_diagnostic } } }, 60000)
    -- A rule's fix, when it has one, comes first; the suppression is the action tested here.
    local action = nil
    for _, candidate in ipairs(actions and actions[id] and actions[id].result or {}) do
      if candidate.title:find("fxlint: ignore[", 1, true) then action = candidate end
    end
    if action then
      result.action_title = action.title
      result.suppressed_code = first.code
      result.suppressed_line = first.lnum
      published[path] = nil
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
      result.republished = wait_published(path)
      result.edited_line = vim.api.nvim_buf_get_lines(buf, first.lnum, first.lnum + 1, false)[1]
      result.after_edit = simplified(vim.diagnostic.get(buf))
    end
  end
  vim.cmd("bwipeout! " .. buf)  -- the edit is never written
end

vim.lsp.stop_client(id)
results.stopped = vim.wait(10000, function() return vim.lsp.client_is_stopped(id) end, 10)
local f = assert(io.open(out, "w"))
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
