// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol on top of
// SQLite) for local development and tests.
//
// We embed FerretDB through its github.com/FerretDB/FerretDB/ferretdb package
// instead of using `go install .../cmd/ferretdb`, because that binary panics at
// start when built outside FerretDB's own build system (it insists on
// generated build/version/*.txt files); the embedding package skips that.
//
// Protocol with the parent (scripts/lib/embedded-db.ts):
//   - stdout: exactly one line `READY <mongodb uri>` once the port accepts
//     connections; nothing else is ever written to stdout.
//   - stderr: FerretDB logs (default level warn) and fatal errors.
//   - exit 0 on SIGTERM/SIGINT, or when -parent-pid no longer exists.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only when REGVERIFY_DB_PPROF names an address
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// sqliteOptions are the SQLite URL parameters (see the comment at their use).
// Override with REGVERIFY_SQLITE_OPTIONS to compare settings in benchmarks.
var sqliteOptions = envOr("REGVERIFY_SQLITE_OPTIONS", "_pragma=synchronous(normal)")

// clientPoolSize goes into the announced URI: SQLite has one writer at a time,
// and writers that contend sleep in its busy handler, so a few connections per
// client queue their writes in the driver instead (16 concurrent writers: 413
// ops/s with 4 connections, 384 with 20, p99 68 vs 248 ms).
var clientPoolSize = envOr("REGVERIFY_DB_POOL", "4")

func envOr(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

func main() {
	listen := flag.String("listen", "", "TCP address to listen on, e.g. 127.0.0.1:27018 (required)")
	dir := flag.String("dir", "", "SQLite data directory, created if missing (required)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	parentPID := flag.Int("parent-pid", 0, "if > 0, exit once this process no longer exists")
	flag.Parse()

	if err := run(*listen, *dir, *logLevel, *parentPID); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, dir, logLevel string, parentPID int) error {
	if listen == "" || dir == "" {
		return errors.New("-listen and -dir are required")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}

	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(absDir, 0o755); err != nil {
		return err
	}

	// The parent may exit (or stop reading our pipes) while we keep running
	// (state-file reuse). Without this, Go kills the process with SIGPIPE on
	// the next log write to a closed stderr pipe; ignoring it turns that into
	// a harmless EPIPE write error.
	signal.Ignore(syscall.SIGPIPE)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// Profiling for benchmarks: `go tool pprof http://<addr>/debug/pprof/profile?seconds=20`.
	if addr := os.Getenv("REGVERIFY_DB_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}

	conf := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listen},
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
		Handler:  "sqlite",
		// FerretDB treats the SQLite URL as a directory (one file per
		// database); the trailing slash is required. FerretDB adds WAL and a
		// busy timeout; synchronous(normal) is SQLite's recommendation with WAL
		// (durable across process crashes, fsync at checkpoints rather than on
		// every commit).
		SQLiteURL: "file:" + filepath.ToSlash(absDir) + "/?" + sqliteOptions,
	}

	f, err := ferretdb.New(&conf)
	if err != nil {
		return err
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx) // always returns nil; returns once ctx is canceled
	}()

	// MongoDBURI blocks until Run has set up the listener, so call it only
	// after Run was started.
	uri := f.MongoDBURI()

	// Announce readiness only once a real TCP connection succeeds, so the
	// parent can connect immediately after seeing READY.
	if err = waitForTCP(ctx, listen, 30*time.Second); err != nil {
		stop()
		<-done
		if ctx.Err() != nil {
			return nil // signaled during startup: a clean exit
		}
		return err
	}
	fmt.Printf("READY %s\n", uri+"?maxPoolSize="+clientPoolSize)

	go keepIDIndexes(ctx, absDir, 300*time.Millisecond, conf.Logger)

	if parentPID > 0 {
		// Node cannot guarantee cleanup of children when it is SIGKILLed (and
		// we run in our own process group), so watch the parent ourselves to
		// avoid orphaned servers holding ports and SQLite files.
		go func() {
			for range time.Tick(500 * time.Millisecond) {
				if !processAlive(parentPID) {
					stop()
					return
				}
			}
		}()
	}

	<-done
	return nil
}

// waitForTCP dials addr until it accepts a connection, ctx ends or timeout passes.
func waitForTCP(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("listener on %s not reachable: %w", addr, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// processAlive reports whether pid exists and is not a zombie.
func processAlive(pid int) bool {
	// Signal 0 checks existence; EPERM still means "exists".
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	// A killed parent stays a zombie until its own parent reaps it, and
	// kill(pid, 0) succeeds on zombies; on Linux check the state in /proc.
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && len(s) > i+2 && s[i+2] == 'Z' {
			return false
		}
	}
	return true
}
