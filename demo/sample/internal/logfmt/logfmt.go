// Package logfmt parses access-log lines in the common and combined log formats,
// with an optional trailing request time in seconds (nginx $request_time).
package logfmt

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"example.com/gotune-demo/internal/clock"
	"example.com/gotune-demo/internal/record"
)

// ErrBlank is returned for empty and comment lines, which callers usually skip.
var ErrBlank = errors.New("blank line")

// SyntaxError describes why a line could not be parsed.
type SyntaxError struct {
	Line   int
	Reason string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// Parse reads one line.
func Parse(line string) (record.Entry, error) {
	var e record.Entry
	s := strings.TrimSpace(line)
	if s == "" || strings.HasPrefix(s, "#") {
		return e, ErrBlank
	}
	fields, err := split(s)
	if err != nil {
		return e, &SyntaxError{Reason: err.Error()}
	}
	if len(fields) < 7 {
		return e, &SyntaxError{Reason: fmt.Sprintf("%d fields, want at least 7", len(fields))}
	}
	e.Client, e.User = fields[0], dash(fields[2])
	if e.Time, err = clock.Parse(fields[3]); err != nil {
		return e, &SyntaxError{Reason: err.Error()}
	}
	if err := parseRequest(fields[4], &e); err != nil {
		return e, &SyntaxError{Reason: err.Error()}
	}
	if e.Status, err = strconv.Atoi(fields[5]); err != nil || e.Status < 100 || e.Status > 599 {
		return e, &SyntaxError{Reason: fmt.Sprintf("bad status %q", fields[5])}
	}
	if fields[6] != "-" {
		if e.Bytes, err = strconv.ParseInt(fields[6], 10, 64); err != nil {
			return e, &SyntaxError{Reason: fmt.Sprintf("bad size %q", fields[6])}
		}
	}
	rest := fields[7:]
	if len(rest) >= 2 {
		e.Referer, e.UserAgent = dash(rest[0]), dash(rest[1])
		rest = rest[2:]
	}
	if len(rest) >= 1 {
		secs, err := strconv.ParseFloat(rest[0], 64)
		if err != nil || secs < 0 {
			return e, &SyntaxError{Reason: fmt.Sprintf("bad request time %q", rest[0])}
		}
		e.Duration = time.Duration(secs * float64(time.Second))
	}
	return e, nil
}

func parseRequest(req string, e *record.Entry) error {
	parts := strings.Fields(req)
	if len(parts) != 3 {
		return fmt.Errorf("bad request %q: want METHOD PATH PROTOCOL", req)
	}
	e.Method, e.Protocol = parts[0], parts[2]
	e.Path = parts[1]
	if i := strings.IndexByte(e.Path, '?'); i >= 0 {
		e.Path, e.Query = e.Path[:i], e.Path[i+1:]
	}
	return nil
}

// split cuts a line into space-separated fields where "quoted strings" and
// [bracketed timestamps] are single fields.
func split(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, errors.New("unterminated quote")
			}
			out = append(out, strings.ReplaceAll(s[i+1:j], `\"`, `"`))
			i = j + 1
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, errors.New("unterminated [timestamp]")
			}
			out = append(out, s[i:i+j+1])
			i += j + 1
		default:
			j := strings.IndexByte(s[i:], ' ')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, s[i:i+j])
			i += j
		}
	}
	return out, nil
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}
