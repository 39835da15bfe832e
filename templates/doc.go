// Package templates embeds the default election file and its wording, which
// 'ballotpack init' writes out for editing.
package templates
