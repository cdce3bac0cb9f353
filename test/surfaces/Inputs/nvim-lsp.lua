-- Neovim's own LSP client against klp-annotate --lsp, headless: the
-- configuration docs/editors.md gives, then the diagnostics Neovim shows
-- (its columns are bytes: it converts our UTF-16 positions itself), the
-- preferred quick fix applied with Neovim's own workspace-edit code, the
-- buffer written, and the diagnostics once the server saw the change.
--
--   KLP_LSP_CMD   the server command, words separated by tabs
--   KLP_FILE      the C file to open
--   KLP_OUT       where to write what happened, one line per event
local cmd = vim.tbl_filter(function(w) return w ~= "" end, vim.split(os.getenv("KLP_LSP_CMD"), "\t"))
local file = os.getenv("KLP_FILE")
local out = {}

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
	name = "klp-annotate",
	cmd = cmd,
	root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)

local function wait(cond)
	return vim.wait(120000, cond, 50)
end

wait(function() return #vim.diagnostic.get(buf) > 0 end)
table.insert(out, "encoding " .. client.offset_encoding)
for _, d in ipairs(vim.diagnostic.get(buf)) do
	table.insert(out, string.format("diagnostic %d:%d-%d:%d %s", d.lnum, d.col, d.end_lnum, d.end_col,
		(d.message:gsub("\n.*", ""))))
end

local params = {
	textDocument = { uri = vim.uri_from_bufnr(buf) },
	range = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
	context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) },
}
local resp = client.request_sync("textDocument/codeAction", params, 120000, buf)
for _, action in ipairs(resp and resp.result or {}) do
	table.insert(out, "action " .. action.title .. (action.isPreferred and " (preferred)" or ""))
	if action.isPreferred then
		vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
	end
end
vim.cmd("write")
wait(function() return #vim.diagnostic.get(buf) == 0 end)
table.insert(out, "after the fix: " .. #vim.diagnostic.get(buf) .. " diagnostics")
vim.fn.writefile(out, os.getenv("KLP_OUT"))
vim.lsp.stop_client(id)
vim.cmd("qa!")
