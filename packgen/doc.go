// Package packgen turns a membership roll into ballot packs: it reads and
// checks the roll, orders the packs, renders them into batch PDFs and writes
// the job manifest. The roll reader and renderer arrive with their issues.
package packgen
