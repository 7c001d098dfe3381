// Package version reports the loglens version; the linker can override it with
// -ldflags "-X example.com/gotune-demo/internal/version.Version=v1.2.3".
package version

import "runtime"

// Version is the release of loglens.
var Version = "v0.3.0-dev"

// String describes the binary: version and the Go release that built it.
func String() string {
	return "loglens " + Version + " (" + runtime.Version() + ")"
}
