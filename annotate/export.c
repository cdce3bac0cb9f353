// SPDX-License-Identifier: GPL-2.0-only
/*
 * The findings and the edit list as files other tools read:
 *
 *   --export-fixes FILE   clang-tidy's YAML, so that
 *                         "clang-apply-replacements DIR" writes what --fix
 *                         writes, byte for byte
 *   --sarif FILE          SARIF 2.1.0, for code-scanning UIs and SARIF
 *                         viewers: each finding a result; its fix, then
 *                         the alternatives of an ambiguous one, as fixes
 *
 * Both are written whatever the mode, atomically, next to its output.
 */
#include "annotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef KLP_VERSION
#define KLP_VERSION "unknown"
#endif

static int buf_write(struct buf *b, const char *path, const char *what)
{
	int ret = write_file_atomic(path, b->s ? b->s : "", b->len, 0644);

	free(b->s);
	if (ret)
		return error("%s: cannot write the %s; nothing written", path, what);
	return 0;
}

/* ---- clang-tidy YAML ----------------------------------------------------- */

/* A double-quoted YAML scalar: one line, whatever the text holds. */
static void yaml_string(struct buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_addstr(b, "\\n");
		else if (*p == '\t')
			buf_addstr(b, "\\t");
		else if (*p == '\r')
			buf_addstr(b, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\x%02X", *p);
		else
			buf_add(b, (const char *)p, 1);
	}
	buf_add(b, "\"", 1);
}

static const char *const yaml_level[] = { "Remark", "Warning", "Error" };

static void yaml_replacement(struct buf *b, const struct unit *u, const struct fix *f)
{
	buf_addstr(b, "        - FilePath:        ");
	yaml_string(b, u->abspath);
	buf_addf(b, "\n          Offset:          %u\n          Length:          %u\n"
		    "          ReplacementText: ", f->offset, f->len);
	yaml_string(b, f->text);
	buf_addstr(b, "\n");
}

/* FIRST starts the first line ("      " or "      - "), INDENT the others. */
static void yaml_message(struct buf *b, const char *first, const char *indent,
			 const struct diag *d, const char *msg)
{
	buf_addf(b, "%sMessage:         ", first);
	yaml_string(b, msg);
	buf_addf(b, "\n%sFilePath:        ", indent);
	yaml_string(b, d->unit->abspath);
	buf_addf(b, "\n%sFileOffset:      %u\n", indent, d->offset == ~0u ? 0 : d->offset);
}

static void yaml_diag(struct buf *b, const struct job *job, size_t i, const struct fix *f,
		      size_t nr_fixes, const char *build_dir)
{
	const struct diag *d = &job->diags[i];
	bool any = false;

	buf_addstr(b, "  - DiagnosticName:  ");
	yaml_string(b, d->id);
	buf_addstr(b, "\n    DiagnosticMessage:\n");
	yaml_message(b, "      ", "      ", d, d->msg);
	for (size_t k = 0; k < nr_fixes; k++) {
		if (f[k].diag != (int)i)
			continue;
		if (!any)
			buf_addstr(b, "      Replacements:\n");
		any = true;
		yaml_replacement(b, d->unit, &f[k]);
	}
	if (!any)
		buf_addstr(b, "      Replacements:    []\n");
	/*
	 * Notes carry no replacements: clang-apply-replacements applies a
	 * note's fix when the message has none, and an ambiguous symbol's
	 * candidates are choices for the author, not edits --fix makes.
	 */
	if (d->nr_notes) {
		buf_addstr(b, "    Notes:\n");
		for (size_t n = 0; n < d->nr_notes; n++) {
			yaml_message(b, "      - ", "        ", d, d->notes[n]);
			buf_addstr(b, "        Replacements:    []\n");
		}
	}
	buf_addf(b, "    Level:           %s\n    BuildDirectory:  ", yaml_level[d->sev]);
	yaml_string(b, build_dir);
	buf_addstr(b, "\n");
}

int fixes_export_yaml(const struct job *job, const char *path)
{
	struct buf b = { 0 };
	char *cwd = getcwd(NULL, 0);

	buf_addstr(&b, "---\nMainSourceFile:  ");
	yaml_string(&b, job->nr_units ? job->units[0].abspath : "");
	buf_addstr(&b, "\nDiagnostics:\n");
	for (size_t n = 0; n < job->nr_units; n++) {
		const struct unit *u = &job->units[n];
		struct fix *f;
		size_t nr = fixes_build(job, u, &f);

		for (size_t i = 0; i < job->nr_diags; i++)
			if (job->diags[i].unit == u)
				yaml_diag(&b, job, i, f, nr, cwd ? cwd : "/");
		fixes_free(f, nr);
	}
	if (!job->nr_diags)
		buf_addstr(&b, "  []\n");
	buf_addstr(&b, "...\n");
	free(cwd);
	return buf_write(&b, path, "exported fixes");
}

/* ---- SARIF 2.1.0 ----------------------------------------------------------- */

static void json_str(struct buf *b, const char *s)
{
	buf_add_json_string(b, s, strlen(s));
}

static bool rule_first(const struct job *job, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(job->diags[k].id, job->diags[i].id))
			return false;
	return true;
}

/* Rules are listed in order of first use; a result names its rule's index. */
static size_t rule_index(const struct job *job, size_t i)
{
	size_t r = 0;

	for (size_t k = 0; k < job->nr_diags; k++) {
		if (!strcmp(job->diags[k].id, job->diags[i].id))
			return r;
		if (rule_first(job, k))
			r++;
	}
	return r;
}

/* A region by UTF-16 line and column (SARIF's default column kind) and by byte. */
static void sarif_region(struct buf *b, const struct unit *u, unsigned int start, unsigned int end)
{
	unsigned int l1, c1, l2, c2;

	offset_to_utf16(u->text, u->len, start, &l1, &c1);
	offset_to_utf16(u->text, u->len, end, &l2, &c2);
	buf_addf(b, "{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u,"
		    "\"byteOffset\":%u,\"byteLength\":%u}", l1 + 1, c1 + 1, l2 + 1, c2 + 1, start,
		 end - start);
}

static void sarif_replacement(struct buf *b, const struct unit *u, unsigned int offset,
			      unsigned int len, const char *text)
{
	buf_addstr(b, "{\"deletedRegion\":");
	sarif_region(b, u, offset, offset + len);
	buf_addstr(b, ",\"insertedContent\":{\"text\":");
	json_str(b, text);
	buf_addstr(b, "}}");
}

static void sarif_fix_open(struct buf *b, const char *uri, const char *what)
{
	buf_addstr(b, "{\"description\":{\"text\":");
	json_str(b, what);
	buf_addstr(b, "},\"artifactChanges\":[{\"artifactLocation\":{\"uri\":");
	json_str(b, uri);
	buf_addstr(b, "},\"replacements\":[");
}

static void sarif_result(struct buf *b, const struct job *job, size_t i, const struct fix *f,
			 size_t nr_fixes, const char *uri)
{
	static const char *const level[] = { "note", "warning", "error" };
	const struct diag *d = &job->diags[i];
	const struct unit *u = d->unit;
	struct buf msg = { 0 };
	bool any = false;

	buf_addstr(&msg, d->msg);
	for (size_t n = 0; n < d->nr_notes; n++)
		buf_addf(&msg, "\n%s", d->notes[n]);
	buf_addstr(b, "{\"ruleId\":");
	json_str(b, d->id);
	buf_addf(b, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":",
		 rule_index(job, i), level[d->sev]);
	json_str(b, msg.s);
	free(msg.s);
	buf_addstr(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	json_str(b, uri);
	buf_addstr(b, "}");
	if (d->offset != ~0u) {
		buf_addstr(b, ",\"region\":");
		sarif_region(b, u, d->offset, diag_end_offset(d));
	}
	buf_addstr(b, "}}],\"fixes\":[");
	for (size_t k = 0; k < nr_fixes; k++) {
		if (f[k].diag != (int)i)
			continue;
		if (!any)
			sarif_fix_open(b, uri, "what klp-annotate --fix writes");
		else
			buf_addstr(b, ",");
		any = true;
		sarif_replacement(b, u, f[k].offset, f[k].len, f[k].text);
	}
	if (any)
		buf_addstr(b, "]}]}");
	for (size_t a = 0; a < d->nr_alts; a++) {
		if (any || a)
			buf_addstr(b, ",");
		sarif_fix_open(b, uri, "one of the candidates: keep the right one");
		sarif_replacement(b, u, d->alts[a].offset, d->alts[a].len, d->alts[a].text);
		buf_addstr(b, "]}]}");
	}
	buf_addstr(b, "]}");
}

static void sarif_rules(struct buf *b, const struct job *job)
{
	bool first = true;

	for (size_t i = 0; i < job->nr_diags; i++) {
		if (!rule_first(job, i))
			continue;
		buf_addstr(b, first ? "" : ",");
		first = false;
		buf_addstr(b, "{\"id\":");
		json_str(b, job->diags[i].id);
		buf_addstr(b, ",\"helpUri\":\"man:klp-annotate(1)\"}");
	}
}

int sarif_export(const struct job *job, const char *path)
{
	struct buf b = { 0 };
	bool first = true;

	buf_addstr(&b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		       "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
		       "\"name\":\"klp-annotate\",\"version\":\"" KLP_VERSION "\","
		       "\"informationUri\":\"man:klp-annotate(1)\",\"rules\":[");
	sarif_rules(&b, job);
	buf_addstr(&b, "]}},\"columnKind\":\"utf16CodeUnits\",\"artifacts\":[");
	for (size_t n = 0; n < job->nr_units; n++) {
		char *uri = path_to_uri(job->units[n].abspath);

		buf_addstr(&b, n ? ",{\"location\":{\"uri\":" : "{\"location\":{\"uri\":");
		json_str(&b, uri);
		buf_addstr(&b, "}}");
		free(uri);
	}
	buf_addstr(&b, "],\"results\":[");
	for (size_t n = 0; n < job->nr_units; n++) {
		const struct unit *u = &job->units[n];
		char *uri = path_to_uri(u->abspath);
		struct fix *f;
		size_t nr = fixes_build(job, u, &f);

		for (size_t i = 0; i < job->nr_diags; i++) {
			if (job->diags[i].unit != u)
				continue;
			buf_addstr(&b, first ? "" : ",");
			first = false;
			sarif_result(&b, job, i, f, nr, uri);
		}
		fixes_free(f, nr);
		free(uri);
	}
	buf_addstr(&b, "]}]}\n");
	return buf_write(&b, path, "SARIF log");
}
