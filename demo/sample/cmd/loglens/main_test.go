package main

import (
	"bytes"
	"strings"
	"testing"
)

const log = `203.0.113.7 - - [24/Nov/2026:10:15:32 +0000] "GET /api/orders HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.020
198.51.100.4 - - [24/Nov/2026:10:16:02 +0000] "POST /api/orders HTTP/1.1" 503 0 "-" "Go-http-client/1.1" 1.200
not a log line
`

func TestSummaryAndErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"summary"}, strings.NewReader(log), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "requests  2") || !strings.Contains(errOut.String(), "skipped 1 unparsable") {
		t.Errorf("summary:\n%s\nstderr: %s", out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"errors"}, strings.NewReader(log), &out, &errOut); code != 0 || !strings.Contains(out.String(), "503 POST /api/orders") {
		t.Errorf("errors exit %d:\n%s", code, out.String())
	}
}

func TestBadInput(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"top", "-by", "colour"}, strings.NewReader(log), &out, &errOut); code != 1 {
		t.Errorf("bad -by exit %d", code)
	}
	if code := run([]string{"summary", "-where", "size>1"}, strings.NewReader(log), &out, &errOut); code != 2 {
		t.Errorf("bad -where exit %d", code)
	}
	if code := run([]string{"summary", "-strict"}, strings.NewReader(log), &out, &errOut); code != 1 {
		t.Errorf("-strict exit %d", code)
	}
}
