// Package report renders summaries as aligned text for a terminal.
package report

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"example.com/gotune-demo/internal/summary"
	"example.com/gotune-demo/internal/topk"
)

// Summary writes the overview loglens prints by default.
func Summary(w io.Writer, s *summary.Summary, top int) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "requests\t%d\n", s.Requests)
	fmt.Fprintf(tw, "span\t%s (%s – %s)\n", s.Span.Duration(), s.Span.First.Format("15:04:05"), s.Span.Last.Format("15:04:05"))
	fmt.Fprintf(tw, "rate\t%.2f req/s\n", s.RequestsPerSecond())
	fmt.Fprintf(tw, "bytes\t%s\n", Bytes(s.Bytes))
	fmt.Fprintf(tw, "status\t2xx %d · 3xx %d · 4xx %d · 5xx %d\n", s.ByClass[2], s.ByClass[3], s.ByClass[4], s.ByClass[5])
	fmt.Fprintf(tw, "errors\t%.1f%%\n", 100*s.ErrorRate())
	if s.Timed() {
		fmt.Fprintf(tw, "latency\tp50 %s · p90 %s · p99 %s ms\n", ms(s.Latency.Quantile(0.5)), ms(s.Latency.Quantile(0.9)), ms(s.Latency.Quantile(0.99)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	Top(w, "path", s.Paths.Top(top))
	fmt.Fprintln(w)
	Top(w, "network", s.Networks.Top(top))
	fmt.Fprintln(w)
	Top(w, "client kind", s.Agents.Top(top))
	return nil
}

// Top writes a ranked table of items.
func Top(w io.Writer, title string, items []topk.Item) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "count\tshare\t %s\n", title)
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%.1f%%\t %s\n", it.Count, 100*it.Share, it.Key)
	}
	tw.Flush()
}

// Bytes renders a size with a binary unit.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func ms(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}
