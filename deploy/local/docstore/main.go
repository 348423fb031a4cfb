// Command docstore is the local MongoDB-wire-compatible document store used for
// development and CI: FerretDB v1 embedded as a library, persisting to SQLite
// files in a data directory. No PostgreSQL, no MongoDB server, no Docker.
//
// Usage:
//
//	docstore [-listen 127.0.0.1:27117] [-data ./docstore-data] [-log-level info]
//
// Environment variables DOCSTORE_LISTEN, DOCSTORE_DATA and DOCSTORE_LOG_LEVEL
// provide defaults for the flags. SIGINT/SIGTERM shut the server down cleanly
// (listener closed, connections drained, SQLite databases closed).
//
// See docs/adr/0002-local-infrastructure.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	listen := flag.String("listen", envOr("DOCSTORE_LISTEN", "127.0.0.1:27117"), "TCP address to listen on (env DOCSTORE_LISTEN)")
	data := flag.String("data", envOr("DOCSTORE_DATA", "docstore-data"), "directory holding the SQLite database files (env DOCSTORE_DATA)")
	logLevel := flag.String("log-level", envOr("DOCSTORE_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env DOCSTORE_LOG_LEVEL)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "docstore: bad -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	dir, err := filepath.Abs(*data)
	if err != nil {
		logger.Error("cannot resolve data directory", "data", *data, "error", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		logger.Error("cannot create data directory", "dir", dir, "error", err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  "sqlite",
		// SQLite handler wants a directory URI with a trailing slash;
		// each database becomes one <name>.sqlite file inside it.
		SQLiteURL: "file:" + filepath.ToSlash(dir) + "/",
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "listen", *listen, "error", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := f.Run(ctx); err != nil {
			logger.Error("FerretDB stopped with error", "error", err)
		}
	}()

	logger.Info("docstore ready", "listen", *listen, "data", dir, "uri", "mongodb://"+*listen)

	select {
	case <-done:
		// Run returned on its own (listener failure): exit non-zero.
		logger.Error("docstore stopped unexpectedly")
		os.Exit(1)
	case <-ctx.Done():
	}

	// Restore default signal behaviour: a second signal kills immediately.
	stop()
	logger.Info("shutting down")

	select {
	case <-done:
		logger.Info("docstore stopped")
	case <-time.After(20 * time.Second):
		logger.Error("shutdown timed out; exiting")
		os.Exit(1)
	}
}
