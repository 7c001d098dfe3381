// Command loglens summarises web-server access logs: traffic, status codes,
// latency, the busiest paths and networks, and minutes that stand out.
//
//	loglens [summary|top|errors|spikes|version] [flags] [FILE...]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"example.com/gotune-demo/internal/filter"
	"example.com/gotune-demo/internal/jsonout"
	"example.com/gotune-demo/internal/logfmt"
	"example.com/gotune-demo/internal/record"
	"example.com/gotune-demo/internal/report"
	"example.com/gotune-demo/internal/source"
	"example.com/gotune-demo/internal/spike"
	"example.com/gotune-demo/internal/summary"
	"example.com/gotune-demo/internal/topk"
	"example.com/gotune-demo/internal/version"
)

const usage = `usage: loglens [summary|top|errors|spikes|version] [flags] [FILE...]
With no FILE, or with "-", loglens reads standard input.`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "summary"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("loglens "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := fs.String("where", "", "only entries matching, e.g. 'status>=500,path^=/api'")
	n := fs.Int("n", 10, "rows in top lists")
	by := fs.String("by", "path", "top: group by path, client, network, agent or status")
	z := fs.Float64("z", 3, "spikes: standard deviations above the mean")
	asJSON := fs.Bool("json", false, "summary: write JSON")
	strict := fs.Bool("strict", false, "stop at the first unparsable line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f, err := filter.Parse(*where)
	if err != nil {
		fmt.Fprintln(stderr, "loglens: -where:", err)
		return 2
	}

	var entries []record.Entry
	bad := 0
	err = source.Each(fs.Args(), stdin, func(name string, line int, text string) error {
		e, err := logfmt.Parse(text)
		if errors.Is(err, logfmt.ErrBlank) {
			return nil
		}
		if err != nil {
			if *strict {
				return fmt.Errorf("%s:%d: %w", name, line, err)
			}
			bad++
			return nil
		}
		if f.Match(e) {
			entries = append(entries, e)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(stderr, "loglens:", err)
		return 1
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "loglens: skipped %d unparsable lines (-strict to stop at the first)\n", bad)
	}

	switch cmd {
	case "summary":
		s := summarise(entries)
		if *asJSON {
			err = jsonout.Write(stdout, jsonout.From(s, *n))
		} else {
			err = report.Summary(stdout, s, *n)
		}
	case "top":
		err = top(stdout, entries, *by, *n)
	case "errors":
		err = errorsReport(stdout, entries, *n)
	case "spikes":
		spikes(stdout, entries, *z)
	case "version":
		fmt.Fprintln(stdout, version.String())
	default:
		fmt.Fprintf(stderr, "loglens: unknown command %q\n%s\n", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "loglens:", err)
		return 1
	}
	return 0
}

func summarise(entries []record.Entry) *summary.Summary {
	s := summary.New()
	for _, e := range entries {
		s.Add(e)
	}
	return s
}

func top(w io.Writer, entries []record.Entry, by string, n int) error {
	s := summarise(entries)
	switch by {
	case "path":
		report.Top(w, "path", s.Paths.Top(n))
	case "network":
		report.Top(w, "network", s.Networks.Top(n))
	case "agent":
		report.Top(w, "client kind", s.Agents.Top(n))
	case "client", "status":
		c := topk.New()
		for _, e := range entries {
			if by == "client" {
				c.Add(e.Client)
			} else {
				c.Add(fmt.Sprint(e.Status))
			}
		}
		report.Top(w, by, c.Top(n))
	default:
		return fmt.Errorf("-by %q: use path, client, network, agent or status", by)
	}
	return nil
}

func errorsReport(w io.Writer, entries []record.Entry, n int) error {
	c := topk.New()
	for _, e := range entries {
		if e.IsError() {
			c.Add(fmt.Sprintf("%d %s %s", e.Status, e.Method, e.Path))
		}
	}
	if c.Total() == 0 {
		_, err := fmt.Fprintln(w, "no 5xx responses")
		return err
	}
	report.Top(w, "status method path", c.Top(n))
	return nil
}

func spikes(w io.Writer, entries []record.Entry, z float64) {
	s := summarise(entries)
	found := spike.Detect(s.PerMinute.Points(), z)
	if len(found) == 0 {
		fmt.Fprintf(w, "no minute above %.1f standard deviations\n", z)
		return
	}
	for _, sp := range found {
		fmt.Fprintf(w, "%s  %5d requests  z=%.1f\n", sp.Point.Start.Format(time.RFC3339), sp.Point.Count, sp.Z)
	}
}
