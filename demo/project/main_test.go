package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWalkFindsFilesWithSizes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), make([]byte, 42), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := walk(dir)
	if err != nil || len(entries) != 1 || entries[0].size != 42 {
		t.Fatalf("walk = %v, %v; want one 42-byte file", entries, err)
	}
}
