// Package humanize formats byte counts for people.
package humanize

import "fmt"

var units = []string{"B", "KiB", "MiB", "GiB", "TiB"}

// Bytes formats n with a binary unit: 1536 -> "1.5 KiB".
func Bytes(n int64) string {
	value := float64(n)
	unit := 0
	for value >= 1024 && unit < len(units)-1 {
		value /= 1024
		unit++
	}
	if unit == 0 {
		return fmt.Sprintf("%d %s", n, units[0])
	}
	return fmt.Sprintf("%.1f %s", value, units[unit])
}
