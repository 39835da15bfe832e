// Package packgen turns checked members into ballot packs: it orders them
// for the post, numbers them, splits them into batches, renders each batch
// as a PDF and writes the job's manifest.
package packgen
