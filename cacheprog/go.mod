// gotune-cacher: go-tool-cache's GOCACHEPROG client with its library's best-effort mode on (README "Share a build
// cache with the team"). The library version is pinned here; go.sum holds its hashes.
module gotune-cacher

go 1.25.0

require github.com/bradfitz/go-tool-cache v0.0.0-20260722201841-0bb331e19f64

require github.com/pierrec/lz4/v4 v4.1.25 // indirect
