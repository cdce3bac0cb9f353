/* Included inside part.c's initialiser: not a header of its own. */
"even",
"odd",
