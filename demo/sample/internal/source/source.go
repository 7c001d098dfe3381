// Package source reads log lines from files or standard input.
package source

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

// MaxLine is the longest line accepted; longer ones are reported, not truncated.
const MaxLine = 1 << 20

// Each calls fn for every line of every named file ("-" or no names: stdin), with
// the file name and 1-based line number. It stops at the first error fn returns.
func Each(names []string, stdin io.Reader, fn func(name string, n int, line string) error) error {
	if len(names) == 0 {
		names = []string{"-"}
	}
	for _, name := range names {
		if err := eachIn(name, stdin, fn); err != nil {
			return err
		}
	}
	return nil
}

func eachIn(name string, stdin io.Reader, fn func(string, int, string) error) error {
	r, closeFn, err := open(name, stdin)
	if err != nil {
		return err
	}
	defer closeFn()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLine)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(name, n, sc.Text()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: after line %d: %w", name, n, err)
	}
	return nil
}

func open(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
