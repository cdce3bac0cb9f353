#!/bin/sh
# Every kind of question klp-symbols answers, over the inputs given as
# arguments: two runs must print the same whether or not they read the
# symbol index. Not-found answers (exit 1) are part of the output.
q() { klp-symbols "$@" 2>&1; echo "exit $?"; }
set -- "$@"
q "$@" objects
q "$@" dump
for name in dup foo helper counter setup a_entry unique_fn weak_alias printk foo_ns_fn \
	    bar_helper no_such_symbol; do
	q "$@" find "$name"
	q "$@" clones "$name"
	q "$@" export "$name"
done
for obj in vmlinux first_mod second mod_a no_such_obj; do
	q "$@" object "$obj"
	q "$@" count "$obj" dup
	q "$@" sympos "$obj" dup
	q "$@" sympos "$obj" dup 2
	q "$@" sympos "$obj" helper 0
	q "$@" neighbours "$obj" dup 1 3
	q "$@" neighbours "$obj" helper 1 2
done
q "$@" stats | grep -v -e '^load-ms' -e '^index'
