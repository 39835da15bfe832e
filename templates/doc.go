// Package templates embeds the default election file and its wording, which
// 'ballotpack init' writes out for editing and which ballotpack uses when no
// election file is given.
package templates

import "embed"

// FS holds election.yaml, the default election.
//
//go:embed election.yaml
var FS embed.FS

// DefaultElection is the name of the default election file in FS.
const DefaultElection = "election.yaml"
