# tools/funclen.awk - the length of every function defined in C files laid
# out as .clang-format says (a function's opening and closing braces alone
# on a line in column 0). Prints "FILE:LINE: NAME LINES" per function, LINE
# its first line and LINES from its opening brace to its closing one, both
# counted.
#   awk -f tools/funclen.awk src/*.c
FNR == 1 { sig = ""; body = 0 }
# a signature starts at an identifier in column 0 not ending a declaration
!body && /^[A-Za-z_]/ && !/;[ \t]*$/ {
	if (sig == "") { sig = $0; sigline = FNR } else sig = sig " " $0
	next
}
!body && /^\{[ \t]*$/ && sig != "" { body = 1; open = FNR; next }
!body && /^[ \t]/ && sig != "" { sig = sig " " $0; next }
!body { sig = ""; next }
body && /^\}/ {
	name = sig
	sub(/\(.*/, "", name)
	sub(/[ \t]+$/, "", name)
	match(name, /[A-Za-z_][A-Za-z_0-9]*$/)
	print FILENAME ":" sigline ": " substr(name, RSTART, RLENGTH) " " (FNR - open + 1)
	body = 0
	sig = ""
}
