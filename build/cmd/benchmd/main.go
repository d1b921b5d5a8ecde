// Command benchmd runs the kiosk's benchmarks, prints their output as it
// comes, and writes the figures to BENCHMARKS.md with the machine and the
// date they were measured on (`make bench`):
//
//	benchmd -out BENCHMARKS.md ./...
//
// The figures live there, not in comments: a comment says why a number
// was chosen and names the benchmark that measures it. The file is written
// only when every benchmark ran; a failure keeps the previous one.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "benchmd:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchmd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "BENCHMARKS.md", "the file to write")
	goCmd := fs.String("go", "go", "the go command")
	bench := fs.String("bench", ".", "go test's -bench pattern")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pkgs := fs.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}

	cmd := exec.CommandContext(ctx, *goCmd, append([]string{"test", "-run", "^$", "-bench", *bench, "-benchmem"}, pkgs...)...)
	cmd.Stderr = stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	res := parse(io.TeeReader(pipe, stdout))
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("go test: %w; %s left as it was", err, *out)
	}
	if len(res.benchmarks) == 0 {
		return fmt.Errorf("no benchmark ran; %s left as it was", *out)
	}
	res.date, res.took = started, time.Since(started).Round(time.Second)
	res.goVersion = goVersion(ctx, *goCmd)
	res.kernel = readTrim("/proc/sys/kernel/osrelease")
	res.cores = runtime.NumCPU()
	res.command = "go test -run '^$' -bench " + *bench + " -benchmem " + strings.Join(pkgs, " ")

	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, []byte(res.markdown()), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nbenchmd: %d benchmarks written to %s\n", len(res.benchmarks), *out)
	return nil
}

// benchmark is one result line and the lines it logged.
type benchmark struct {
	pkg, name string
	runs      string
	figures   []string // "123 ns/op", "45 B/op", "82.5 MB-soak", …
	logs      []string
}

type results struct {
	goos, goarch, cpu string
	benchmarks        []*benchmark

	date            time.Time
	took            time.Duration
	goVersion       string
	kernel, command string
	cores           int
}

// parse reads go test's benchmark output: the goos/goarch/pkg/cpu lines,
// each Benchmark line, and the lines a benchmark logged under it.
func parse(r io.Reader) *results {
	res := &results{}
	var pkg string
	var last *benchmark
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "goos: "):
			res.goos = strings.TrimPrefix(line, "goos: ")
		case strings.HasPrefix(line, "goarch: "):
			res.goarch = strings.TrimPrefix(line, "goarch: ")
		case strings.HasPrefix(line, "cpu: "):
			res.cpu = strings.TrimPrefix(line, "cpu: ")
		case strings.HasPrefix(line, "pkg: "):
			pkg, last = strings.TrimPrefix(line, "pkg: "), nil
		case strings.HasPrefix(line, "Benchmark"):
			f := strings.Fields(line)
			if len(f) < 4 {
				continue // a benchmark's name alone, before its logs
			}
			b := &benchmark{pkg: pkg, name: f[0], runs: f[1]}
			for i := 2; i+1 < len(f); i += 2 {
				b.figures = append(b.figures, f[i]+" "+f[i+1])
			}
			res.benchmarks = append(res.benchmarks, b)
			last = b
		case last != nil && strings.HasPrefix(line, "    "):
			// A b.Logf line: "    file_test.go:123: text".
			text := strings.TrimSpace(line)
			if _, after, ok := strings.Cut(text, ": "); ok && strings.Contains(text[:len(text)-len(after)], ".go:") {
				text = after
			}
			last.logs = append(last.logs, text)
		default:
			if line == "PASS" || strings.HasPrefix(line, "ok ") || strings.HasPrefix(line, "?") {
				last = nil
			}
		}
	}
	return res
}

func (r *results) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Written by `make bench` (build/cmd/benchmd); do not edit by hand. Each figure is what one run\n")
	b.WriteString("measured on the machine below: compare runs on the same machine, not across machines.\n\n")
	fmt.Fprintf(&b, "- Date: %s (took %s)\n", r.date.UTC().Format("2006-01-02 15:04 MST"), r.took)
	fmt.Fprintf(&b, "- Machine: %s/%s, %s, %d logical CPUs", r.goos, r.goarch, orUnknown(r.cpu), r.cores)
	if r.kernel != "" {
		fmt.Fprintf(&b, ", Linux %s", r.kernel)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- Go: %s\n", orUnknown(r.goVersion))
	fmt.Fprintf(&b, "- Command: `%s`\n", r.command)

	pkg := ""
	for _, bm := range r.benchmarks {
		if bm.pkg != pkg {
			pkg = bm.pkg
			fmt.Fprintf(&b, "\n## %s\n\n| benchmark | runs | figures |\n| --- | ---: | --- |\n", pkg)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", bm.name, bm.runs, strings.Join(bm.figures, ", "))
	}
	logged := false
	for _, bm := range r.benchmarks {
		if len(bm.logs) == 0 {
			continue
		}
		if !logged {
			b.WriteString("\n## What the benchmarks logged\n")
			logged = true
		}
		fmt.Fprintf(&b, "\n%s (%s):\n\n", bm.name, bm.pkg)
		for _, l := range bm.logs {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	return b.String()
}

func goVersion(ctx context.Context, goCmd string) string {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
