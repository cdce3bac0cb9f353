// SPDX-License-Identifier: GPL-2.0-only
/*
 * The analysis every front end runs: klp-annotate's main(), its language
 * server (lsp.c), and klp-create on the livepatch source it writes.
 *
 *   flags -> parse -> references -> object cross-check -> classify ->
 *   plan edits
 */
#include "annotate.h"

#include <stdlib.h>

#include "symdb.h"
#include "util.h"

/*
 * Everything up to the edit list; what renders it is the caller's choice.
 * A caller that analyses again and again (lsp.c) lends the job what it
 * kept (struct keep): then the symbols are not loaded again, and
 * units_parse() reparses the first unit's kept parse with the new text.
 * The steps are the same, so the findings are too.
 */
int job_analyse(struct job *job)
{
	if (job->keep) {
		job->index = job->keep->index;
		job->db = job->keep->db;
	}
	if (!job->db && symbols_load_start(job))
		return -1;
	if (units_parse(job))
		return -1;
	if (refs_find(job))
		return -1;
	if (object_cross_check(job))
		return -1;
	if (symbols_load_wait(job))
		return -1;
	if (refs_classify(job))
		return -1;
	return edits_plan(job);
}

/* What the job lent, or created for the caller to keep, goes back to it. */
static void keep_return(struct job *job)
{
	struct keep *k = job->keep;

	if (!k)
		return;
	k->index = job->index;
	job->index = NULL;
	/* Symbols that did not load are not kept: the next analysis tries again. */
	if (!job->symbols_ret) {
		k->db = job->db;
		job->db = NULL;
	}
	/* units_parse() left the first unit's in k->parse. */
	if (k->parse && job->nr_units)
		job->units[0].tu = NULL;
}

static void diag_free(struct diag *d)
{
	free(d->id);
	free(d->msg);
	strv_free(d->notes, d->nr_notes);
	for (size_t i = 0; i < d->nr_alts; i++)
		free(d->alts[i].text);
	free(d->alts);
}

static void unit_free(struct unit *u)
{
	for (size_t i = 0; i < u->nr_refs; i++) {
		free(u->refs[i].name);
		free(u->refs[i].label);
		free(u->refs[i].via);
		free(u->refs[i].evidence);
		free(u->refs[i].cands);
		free(u->refs[i].addr_sites);
		free(u->refs[i].sig_ret);
		free(u->refs[i].sig_params);
		free(u->refs[i].sig_args);
	}
	free(u->refs);
	for (size_t i = 0; i < u->nr_blocks; i++) {
		struct reloc_block *b = &u->blocks[i];

		for (size_t j = 0; j < b->nr_entries; j++)
			free(b->entries[j].sym);
		free(b->entries);
		free(b->obj);
		free(b->array);
	}
	free(u->blocks);
	for (size_t i = 0; i < u->nr_funcs; i++) {
		free(u->funcs[i].array);
		free(u->funcs[i].old_name);
	}
	free(u->funcs);
	for (size_t i = 0; i < u->nr_objects; i++) {
		free(u->objects[i].name);
		free(u->objects[i].funcs);
	}
	free(u->objects);
	strv_free(u->origins, u->nr_origins);
	strv_free(u->defined, u->nr_defined);
	for (size_t i = 0; i < u->nr_edits; i++)
		free(u->edits[i].text);
	free(u->edits);
	for (size_t i = 0; i < u->nr_pre_incs; i++)
		free(u->pre_incs[i].path);
	free(u->pre_incs);
	if (u->tu)
		clang_disposeTranslationUnit(u->tu);
	compile_cmd_free(&u->cmd);
	free(u->abspath);
	free(u->text);
}

void job_free(struct job *job)
{
	symbols_load_wait(job);
	keep_return(job);
	free(job->symbols_from_cwd);
	free(job->symbols_cache);
	free(job->stdin_text);
	strv_free(job->input_paths, job->opt.nr_inputs);
	for (size_t i = 0; i < job->nr_units; i++)
		unit_free(&job->units[i]);
	free(job->units);
	if (job->index)
		clang_disposeIndex(job->index);
	for (size_t i = 0; i < job->nr_diags; i++)
		diag_free(&job->diags[i]);
	free(job->diags);
	strv_free(job->object_syms, job->nr_object_syms);
	strv_free(job->module_syms, job->nr_module_syms);
	if (job->db)
		symdb_free(job->db);
	strv_free(job->opt.cflags, job->opt.nr_cflags);
	free(job->opt.files);
	free(job->opt.inputs);
	free(job->opt.origins);
	free(job->opt.klp_objects);
	free(job->opt.object_owned);
}
