//go:build !unix

package infile

// nonBlock is nothing where there are no FIFOs to wait on.
const nonBlock = 0
