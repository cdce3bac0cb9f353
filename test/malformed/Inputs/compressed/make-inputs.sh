#!/bin/sh
# make-inputs.sh MODULE DIR: broken compressed modules, made from MODULE
# (a good .ko or .o) with xz, zstd and gzip, into DIR.
set -eu
mod=$1 dir=$2
mkdir -p "$dir"
cd "$dir"

# Flip one byte in the middle of FILE.
flip() {
	python3 -c 'import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xff
open(p, "wb").write(b)' "$1"
}

: > 01-empty.ko.xz
echo garbage > 02-garbage.ko.xz
xz -c "$mod" | head -c 200 > 03-truncated.ko.xz
zstd -q -c "$mod" | head -c 200 > 04-truncated.ko.zst
gzip -c "$mod" | head -c 200 > 05-truncated.ko.gz
xz -c "$mod" > 06-flipped.ko.xz && flip 06-flipped.ko.xz
zstd -q -c "$mod" > 07-flipped.ko.zst && flip 07-flipped.ko.zst
gzip -c "$mod" > 08-flipped.ko.gz && flip 08-flipped.ko.gz
printf '\375\067\172\130\132\000' > 09-magic-only.ko.xz
# 513 MiB of zeros: a few KiB compressed, past the 512 MiB cap.
head -c 537919488 /dev/zero | zstd -q -c > 10-bomb.ko.zst
echo 'not a module' | gzip -c > 11-not-elf.ko.gz
head -c 300 "$mod" | xz -c > 12-truncated-elf.ko.xz
