// Command gotune-cacher is a GOCACHEPROG program for a shared build cache: go-tool-cache's go-cacher (same flags,
// same disk, same HTTP protocol to gocached) with its library's BestEffortHTTP on, which go-cacher does not expose.
//
// With go-cacher, a failed upload is an error go fails the build on ("Put ... connection refused" when the server is
// down and the local disk lacks the entry). Here every HTTP error is a miss or a skipped upload: an object goes to the
// local disk at once and is uploaded in the background, each upload bounded by --upload-timeout, and go's close waits
// at most that long for the uploads still running. No protocol is implemented here: cacheproc and cachers do it all.
package main

import (
	"bytes"
	"flag"
	"log"
	"os"
	"path/filepath"
	"sync"
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

// uploadLog passes the library's log lines on to stderr (go shows them), but of the failed uploads (one "error PUT"
// line each: hundreds in a build while the server is down) only the first; close says how many failed in all.
type uploadLog struct {
	mu     sync.Mutex
	failed int
}

func (l *uploadLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if bytes.Contains(p, []byte("error PUT /")) {
		l.failed++
		if l.failed > 1 {
			return len(p), nil
		}
	}
	return os.Stderr.Write(p)
}

func (l *uploadLog) Failed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed
}

func main() {
	flag.Parse()
	uploads := &uploadLog{}
	log.SetOutput(uploads)
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
			if n := uploads.Failed(); n > 1 {
				log.Printf("gotune-cacher: %d uploads to %s failed in all (the first is above); the local disk has the objects", n, *serverBase)
			}
			return stats()
		}
	}
	if err := p.Run(); err != nil {
		log.Fatal(err)
	}
}
