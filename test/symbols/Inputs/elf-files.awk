# Source file of each local symbol, from "llvm-readelf -sW": the last
# FILE symbol before it. Prints "value name file".
/^ *[0-9]+: / {
	if ($4 == "FILE") { file = $8; next }
	if ($5 != "LOCAL" || $4 == "SECTION" || $7 == "UND" || $7 == "ABS" || $8 == "" || file == "")
		next
	print $2, $8, file
}
