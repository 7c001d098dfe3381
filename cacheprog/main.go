// Command gotune-cacher is a GOCACHEPROG program for a shared build cache: go-tool-cache's go-cacher (same flags,
// same disk, same HTTP protocol to gocached) with its library's BestEffortHTTP on, which go-cacher does not expose.
//
// With go-cacher, a failed upload is an error go fails the build on ("Put ... connection refused" when the server is
// down and the local disk lacks the entry). Here every HTTP error is a miss or a skipped upload: an object goes to the
// local disk at once and is uploaded in the background, each upload bounded by --upload-timeout, and go's close waits
// at most that long for the uploads still running. No protocol is implemented here: cacheproc and cachers do it all.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/bradfitz/go-tool-cache/cacheproc"
	"github.com/bradfitz/go-tool-cache/cachers"
)

// Uploads running at once: enough for a LAN or loopback server, few enough not to flood a slow one.
const uploadConcurrency = 16

var (
	dir           = flag.String("cache-dir", "", "cache directory; empty means os.UserCacheDir()/gotune-cacher")
	serverBase    = flag.String("cache-server", "", "cache server HTTP prefix (scheme and authority only); empty means local disk only")
	token         = flag.String("access-token", "", "optional access token to use with the cache server")
	verbose       = flag.Bool("verbose", false, "be verbose")
	uploadTimeout = flag.Duration("upload-timeout", 30*time.Second, "longest time one background upload may take, and go's close waits for the uploads still running")
)

func main() {
	flag.Parse()
	if *uploadTimeout <= 0 {
		log.Fatalf("gotune-cacher: --upload-timeout must be positive (got %v)", *uploadTimeout)
	}
	if *dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			log.Fatal(err)
		}
		*dir = filepath.Join(d, "gotune-cacher")
	}
	if err := os.MkdirAll(*dir, 0755); err != nil {
		log.Fatal(err)
	}
	disk := &cachers.DiskCache{Dir: *dir}
	p := &cacheproc.Process{Get: disk.Get, Put: disk.Put}
	stats := func() error {
		if *verbose {
			log.Printf("gotune-cacher: closing; %d gets (%d hits, %d misses, %d errors); %d puts (%d errors)",
				p.Gets.Load(), p.GetHits.Load(), p.GetMisses.Load(), p.GetErrors.Load(), p.Puts.Load(), p.PutErrors.Load())
		}
		return nil
	}
	p.Close = stats
	if *serverBase != "" {
		hc := &cachers.HTTPClient{
			BaseURL:               *serverBase,
			Disk:                  disk,
			Verbose:               *verbose,
			AccessToken:           *token,
			BestEffortHTTP:        true,
			AsyncPutTimeout:       *uploadTimeout,
			AsyncPutMaxConcurrent: uploadConcurrency,
		}
		p.Get = hc.Get
		p.Put = hc.Put
		p.Close = func() error {
			if !hc.Shutdown() {
				log.Printf("gotune-cacher: uploads still running after %v were dropped (the local disk has them)", *uploadTimeout)
			}
			return stats()
		}
	}
	if err := p.Run(); err != nil {
		log.Fatal(err)
	}
}
