//go:build !unix

package codes

// permsMatter is true where file modes say who can read a file.
const permsMatter = false
