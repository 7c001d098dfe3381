// filetop lists the largest files under a directory: gotune's demo project. It imports two modules that
// `npm run demo` serves from a loopback GOPROXY, so the Module step's `go mod tidy` downloads real modules.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"example.com/tune/humanize"
	"example.com/tune/table"
)

type entry struct {
	path string
	size int64
}

func main() {
	top := flag.Int("n", 10, "how many files to list")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	entries, err := walk(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "filetop:", err)
		os.Exit(1)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].size > entries[j].size })
	if len(entries) > *top {
		entries = entries[:*top]
	}
	t := table.New("#", "SIZE", "FILE")
	for i, e := range entries {
		t.Add(strconv.Itoa(i+1), humanize.Bytes(e.size), e.path)
	}
	if err := t.Write(os.Stdout); err != nil {
		os.Exit(1)
	}
}

func walk(root string) ([]entry, error) {
	var entries []entry
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		entries = append(entries, entry{path, info.Size()})
		return nil
	})
	return entries, err
}
