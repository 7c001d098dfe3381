// Package table prints rows in aligned columns with a bold header.
package table

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"example.com/tune/ansi"
)

// Table collects rows and writes them with every column padded to its widest cell.
type Table struct {
	header []string
	rows   [][]string
}

// New starts a table with the given column names.
func New(header ...string) *Table { return &Table{header: header} }

// Add appends one row; missing cells are empty.
func (t *Table) Add(cells ...string) { t.rows = append(t.rows, cells) }

// Write prints the header and the rows to w.
func (t *Table) Write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i := range widths {
			if i < len(row) && utf8.RuneCountInString(row[i]) > widths[i] {
				widths[i] = utf8.RuneCountInString(row[i])
			}
		}
	}
	line := func(row []string) string {
		cells := make([]string, len(widths))
		for i, width := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			cells[i] = cell + strings.Repeat(" ", width-utf8.RuneCountInString(cell))
		}
		return strings.TrimRight(strings.Join(cells, "  "), " ")
	}
	if _, err := fmt.Fprintln(w, ansi.Bold(line(t.header))); err != nil {
		return err
	}
	for _, row := range t.rows {
		if _, err := fmt.Fprintln(w, line(row)); err != nil {
			return err
		}
	}
	return nil
}
