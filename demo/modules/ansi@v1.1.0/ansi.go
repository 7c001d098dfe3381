// Package ansi wraps text in ANSI SGR escape sequences, unless NO_COLOR is set.
package ansi

import "os"

// Enabled is false when the NO_COLOR convention asks for plain text.
var Enabled = os.Getenv("NO_COLOR") == ""

func wrap(code, text string) string {
	if !Enabled {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Bold renders text in bold.
func Bold(text string) string { return wrap("1", text) }

// Dim renders text dimmed.
func Dim(text string) string { return wrap("2", text) }

// Green renders text in green.
func Green(text string) string { return wrap("32", text) }
