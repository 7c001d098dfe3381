// Package filter implements the small expression language of loglens -where:
// comma-separated conditions that must all hold, such as "status>=500,path^=/api".
package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"example.com/gotune-demo/internal/record"
)

// Filter is a conjunction of conditions; the zero Filter matches everything.
type Filter struct {
	conds []cond
}

type cond struct {
	field, op, value string
	num              float64
}

var ops = []string{">=", "<=", "!=", "^=", "~=", "=", ">", "<"}

var fields = map[string]bool{"status": true, "method": true, "path": true, "client": true, "bytes": true, "ms": true, "agent": true}

// Parse reads an expression; an empty one matches every entry.
func Parse(expr string) (Filter, error) {
	var f Filter
	for _, part := range strings.Split(expr, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		c, err := parseCond(part)
		if err != nil {
			return Filter{}, err
		}
		f.conds = append(f.conds, c)
	}
	return f, nil
}

func parseCond(s string) (cond, error) {
	for _, op := range ops {
		i := strings.Index(s, op)
		if i <= 0 {
			continue
		}
		c := cond{field: strings.TrimSpace(s[:i]), op: op, value: strings.TrimSpace(s[i+len(op):])}
		if !fields[c.field] {
			return cond{}, fmt.Errorf("unknown field %q in %q (fields: status, method, path, client, bytes, ms, agent)", c.field, s)
		}
		if numeric(c.field) {
			n, err := strconv.ParseFloat(c.value, 64)
			if err != nil {
				return cond{}, fmt.Errorf("%s needs a number, got %q", c.field, c.value)
			}
			c.num = n
		} else if op != "=" && op != "!=" && op != "^=" && op != "~=" {
			return cond{}, fmt.Errorf("%s is text: use =, !=, ^= (prefix) or ~= (contains)", c.field)
		}
		return c, nil
	}
	return cond{}, fmt.Errorf("no operator in %q (use one of %s)", s, strings.Join(ops, " "))
}

func numeric(field string) bool { return field == "status" || field == "bytes" || field == "ms" }

// Match reports whether e satisfies every condition.
func (f Filter) Match(e record.Entry) bool {
	for _, c := range f.conds {
		if !c.match(e) {
			return false
		}
	}
	return true
}

// Len is the number of conditions.
func (f Filter) Len() int { return len(f.conds) }

func (c cond) match(e record.Entry) bool {
	switch c.field {
	case "status":
		return compare(float64(e.Status), c.op, c.num)
	case "bytes":
		return compare(float64(e.Bytes), c.op, c.num)
	case "ms":
		return compare(float64(e.Duration)/float64(time.Millisecond), c.op, c.num)
	case "method":
		return text(e.Method, c.op, c.value)
	case "path":
		return text(e.Path, c.op, c.value)
	case "client":
		return text(e.Client, c.op, c.value)
	case "agent":
		return text(e.UserAgent, c.op, c.value)
	}
	return false
}

func compare(v float64, op string, n float64) bool {
	switch op {
	case ">=":
		return v >= n
	case "<=":
		return v <= n
	case ">":
		return v > n
	case "<":
		return v < n
	case "=":
		return v == n
	case "!=":
		return v != n
	}
	return false
}

func text(v, op, want string) bool {
	switch op {
	case "=":
		return v == want
	case "!=":
		return v != want
	case "^=":
		return strings.HasPrefix(v, want)
	case "~=":
		return strings.Contains(v, want)
	}
	return false
}
