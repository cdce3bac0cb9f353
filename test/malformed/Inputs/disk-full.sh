#!/bin/sh
# disk-full.sh SRC CMD...: copy SRC to an 8 KiB tmpfs, fill the rest of it,
# run CMD with $KLP_FILE naming the copy, and print CMD's exit status,
# whether the copy is unchanged, and the files left on the disk. Run it
# under "unshare -m": the mount is then private and goes with the process.
set -u
src=$1
shift
dir=$(mktemp -d)
mount -t tmpfs -o size=8k tmpfs "$dir" || exit 99
cp "$src" "$dir/lp.c"
head -c 65536 /dev/zero > "$dir/fill" 2>/dev/null
KLP_FILE=$dir/lp.c "$@"
echo "status: $?"
cmp -s "$src" "$dir/lp.c" && echo "file: unchanged"
echo "files: $(cd "$dir" && ls | tr '\n' ' ')"
umount "$dir"
rmdir "$dir"
