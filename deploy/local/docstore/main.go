// Command docstore is the local MongoDB-wire-compatible document store used for
// development and CI: FerretDB v1 embedded as a library, persisting either to a
// local PostgreSQL 15 (default) or to SQLite files in a data directory. No
// MongoDB server, no Docker.
//
// Usage:
//
//	docstore [-listen 127.0.0.1:27117] [-backend postgresql|sqlite]
//	         [-postgresql-url postgres://...] [-data ./docstore-data]
//	         [-gin-twins=true] [-log-level info]
//
// Environment variables DOCSTORE_LISTEN, DOCSTORE_BACKEND,
// DOCSTORE_POSTGRESQL_URL, DOCSTORE_DATA, DOCSTORE_GIN_TWINS and
// DOCSTORE_LOG_LEVEL provide defaults for the flags. With the postgresql
// backend a background maintainer gives FerretDB's indexes GIN twins (see
// twins.go). SIGINT/SIGTERM shut the server down cleanly (listener closed,
// connections drained, databases closed).
//
// See docs/adr/0002-local-infrastructure.md and
// docs/adr/0013-embedded-store-postgresql.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
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

func envBool(key string, def bool) bool {
	if v, err := strconv.ParseBool(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// redactURL keeps a password out of the log.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func main() {
	listen := flag.String("listen", envOr("DOCSTORE_LISTEN", "127.0.0.1:27117"), "TCP address to listen on (env DOCSTORE_LISTEN)")
	backend := flag.String("backend", envOr("DOCSTORE_BACKEND", "postgresql"), "storage backend: postgresql or sqlite (env DOCSTORE_BACKEND)")
	pgURL := flag.String("postgresql-url", envOr("DOCSTORE_POSTGRESQL_URL", "postgres://postgres@127.0.0.1:15432/ferretdb"), "PostgreSQL URL for the postgresql backend; pool_max_conns sets FerretDB's pool (env DOCSTORE_POSTGRESQL_URL)")
	data := flag.String("data", envOr("DOCSTORE_DATA", "docstore-data"), "directory holding the SQLite database files, sqlite backend (env DOCSTORE_DATA)")
	twins := flag.Bool("gin-twins", envBool("DOCSTORE_GIN_TWINS", true), "postgresql backend: maintain GIN twins of FerretDB's indexes (env DOCSTORE_GIN_TWINS)")
	twinInterval := flag.Duration("gin-twins-interval", 750*time.Millisecond, "how often the GIN twin maintainer polls the catalog")
	logLevel := flag.String("log-level", envOr("DOCSTORE_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env DOCSTORE_LOG_LEVEL)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "docstore: bad -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *backend,
	}
	var where string
	switch *backend {
	case "postgresql":
		cfg.PostgreSQLURL = *pgURL
		where = redactURL(*pgURL)
	case "sqlite":
		dir, err := filepath.Abs(*data)
		if err != nil {
			logger.Error("cannot resolve data directory", "data", *data, "error", err)
			os.Exit(1)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			logger.Error("cannot create data directory", "dir", dir, "error", err)
			os.Exit(1)
		}
		// SQLite handler wants a directory URI with a trailing slash;
		// each database becomes one <name>.sqlite file inside it.
		cfg.SQLiteURL = "file:" + filepath.ToSlash(dir) + "/"
		where = dir
	default:
		fmt.Fprintf(os.Stderr, "docstore: bad -backend %q (want postgresql or sqlite)\n", *backend)
		os.Exit(2)
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		logger.Error("cannot start FerretDB", "listen", *listen, "backend", *backend, "error", err)
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

	if *backend == "postgresql" && *twins {
		m := &twinMaintainer{connString: *pgURL, interval: *twinInterval, log: logger}
		go m.run(ctx)
	}

	logger.Info("docstore ready", "listen", *listen, "backend", *backend, "storage", where, "uri", "mongodb://"+*listen)

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
