package filter

import (
	"testing"
	"time"

	"example.com/gotune-demo/internal/record"
)

func TestMatch(t *testing.T) {
	e := record.Entry{Status: 503, Method: "POST", Path: "/api/orders", Duration: 1500 * time.Millisecond}
	for expr, want := range map[string]bool{
		"":                         true,
		"status>=500":              true,
		"status>=500,path^=/api":   true,
		"status>=500,method=GET":   false,
		"ms>1000":                  true,
		"path~=order, status!=503": false,
		"bytes<1":                  true,
	} {
		f, err := Parse(expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", expr, err)
		}
		if got := f.Match(e); got != want {
			t.Errorf("%q matched %v, want %v", expr, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, expr := range []string{"status", "size>1", "status>=abc", "path>3", ">=5"} {
		if _, err := Parse(expr); err == nil {
			t.Errorf("Parse(%q) accepted", expr)
		}
	}
}
