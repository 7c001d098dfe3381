package logfmt

import (
	"errors"
	"testing"
	"time"
)

func TestParseCombinedWithRequestTime(t *testing.T) {
	line := `203.0.113.7 - alice [24/Nov/2026:10:15:32 +0000] "GET /api/orders?id=7 HTTP/1.1" 200 512 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0" 0.023`
	e, err := Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	if e.Client != "203.0.113.7" || e.User != "alice" || e.Method != "GET" || e.Path != "/api/orders" || e.Query != "id=7" {
		t.Errorf("fields: %+v", e)
	}
	if e.Status != 200 || e.Bytes != 512 || e.Duration != 23*time.Millisecond {
		t.Errorf("numbers: status %d bytes %d duration %v", e.Status, e.Bytes, e.Duration)
	}
	if e.Referer != "https://example.com/" || e.UserAgent == "" {
		t.Errorf("referer/agent: %q %q", e.Referer, e.UserAgent)
	}
}

func TestParseCommonFormat(t *testing.T) {
	e, err := Parse(`10.0.0.1 - - [24/Nov/2026:10:15:32 +0000] "POST /login HTTP/1.0" 302 -`)
	if err != nil {
		t.Fatal(err)
	}
	if e.User != "" || e.Bytes != 0 || e.Status != 302 || e.UserAgent != "" {
		t.Errorf("%+v", e)
	}
}

func TestParseErrors(t *testing.T) {
	for _, line := range []string{
		`10.0.0.1 - - [24/Nov/2026:10:15:32 +0000] "GET /" 200 1`,
		`10.0.0.1 - - [24/Nov/2026:10:15:32 +0000] "GET / HTTP/1.1" 999 1`,
		`10.0.0.1 - - [yesterday] "GET / HTTP/1.1" 200 1`,
		`10.0.0.1 - - [24/Nov/2026:10:15:32 +0000] "GET / HTTP/1.1 200 1`,
	} {
		var syntax *SyntaxError
		if _, err := Parse(line); !errors.As(err, &syntax) {
			t.Errorf("Parse(%q) error = %v, want *SyntaxError", line, err)
		}
	}
	if _, err := Parse("   # comment"); err != ErrBlank {
		t.Errorf("comment: %v", err)
	}
}
