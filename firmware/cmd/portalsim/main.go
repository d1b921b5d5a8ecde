// Command portalsim serves the portal contract v1 simulator over HTTP, for a
// kiosk in demo mode, a developer's desk or a technician who wants to see a
// kiosk meet a portal that is down, slow or answering garbage.
//
//	portalsim -listen 127.0.0.1:8089 -token secret -fault none
//
// It prints the demo dossier codes on start. While it runs, the fault can be
// changed without a restart:
//
//	curl -X POST 'http://127.0.0.1:8089/sim/fault?set=down'
//
// (with -H 'Authorization: Bearer <token>' when -token is set). The contract's
// OpenAPI file is served at /openapi.yaml.
package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until ctx ends. It returns an error for bad flags or an address
// it cannot listen on.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("portalsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, f := range portalsim.Faults() {
		names = append(names, f.String())
	}
	listen := fs.String("listen", "127.0.0.1:8089", "`address` to listen on")
	token := fs.String("token", "", "bearer `token` clients must send (empty: accept any client)")
	faultName := fs.String("fault", "none", "fault to start with: "+strings.Join(names, "|"))
	delay := fs.Duration("delay", portalsim.DefaultOpts.SlowDelay, "how long the slow fault waits before answering")
	verbose := fs.Bool("v", false, "log each request (route and status, never dossier codes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("portalsim: unexpected argument %q", fs.Arg(0))
	}
	fault, err := portalsim.ParseFault(*faultName)
	if err != nil {
		return err
	}

	opts := &portalsim.Opts{Token: *token, SlowDelay: *delay}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	sim := portalsim.New(opts)
	sim.SetFault(fault)

	mux := http.NewServeMux()
	mux.Handle("/", sim)
	mux.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Write(portal.OpenAPI)
	})
	mux.HandleFunc("POST /sim/fault", func(w http.ResponseWriter, r *http.Request) {
		if *token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+*token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		f, err := portalsim.ParseFault(r.URL.Query().Get("set"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sim.SetFault(f)
		fmt.Fprintf(stdout, "portalsim: fault now %s\n", f)
		fmt.Fprintf(w, "fault %s\n", f)
	})

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("portalsim: %w", err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		// Requests end with ctx, so a slow-fault request does not hold
		// the shutdown for its whole delay.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	printBanner(stdout, ln.Addr().String(), fault, *token != "")

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("portalsim: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	fmt.Fprintln(stdout, "portalsim: stopped")
	return nil
}

func printBanner(w io.Writer, addr string, f portalsim.Fault, token bool) {
	auth := "any client"
	if token {
		auth = "bearer token required"
	}
	fmt.Fprintf(w, "portalsim: serving portal contract v1 on http://%s (fault %s, %s)\n", addr, f, auth)
	fmt.Fprintf(w, "portalsim: OpenAPI at http://%s/openapi.yaml\n\n", addr)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEMO CODE\tSECRET\tNOTE")
	for _, d := range portalsim.DemoDossiers() {
		secret := d.Secret
		if secret == "" {
			secret = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.Code, secret, d.Note)
	}
	tw.Flush()
	fmt.Fprintln(w)
}
