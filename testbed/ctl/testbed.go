package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	adminKubeconfig  = "admin.kubeconfig"
	viewerKubeconfig = "viewer.kubeconfig"
	// viewerUser may only read (ClusterRole view): the live tests' RBAC paths.
	viewerUser = "sts-tutor-viewer"
)

type testbed struct {
	dir        string
	bin        string
	adminToken string
}

func (tb *testbed) path(name string) string { return filepath.Join(tb.dir, name) }
func (tb *testbed) server() string          { return fmt.Sprintf("https://127.0.0.1:%d", apiserverPort) }
func (tb *testbed) caFile() string          { return tb.path("certs/apiserver.crt") }
func (tb *testbed) pidFile(c component) string {
	return tb.path(c.name + ".pid")
}
func (tb *testbed) logFile(c component) string {
	return tb.path(filepath.Join("logs", c.name+".log"))
}

func (tb *testbed) up() error {
	started := time.Now()
	running := tb.running()
	same, _ := os.ReadFile(tb.path("fingerprint"))
	if len(running) == len(tb.components()) && string(same) == tb.fingerprint() {
		if err := tb.loadToken(); err == nil && tb.checkAll() == nil {
			fmt.Printf("testbed is already up in %s\n", tb.dir)
			return nil
		}
	}
	if len(running) > 0 {
		fmt.Printf("testbed in %s is partly up, not ready or from another build (running: %s); restarting it\n", tb.dir, strings.Join(running, ", "))
		if err := tb.down(); err != nil {
			return err
		}
	}
	for _, c := range tb.components() {
		if _, err := os.Stat(filepath.Join(tb.bin, c.binary)); err != nil {
			return fmt.Errorf("%s is not built (%s): run scripts/testbed up, which builds it", c.binary, filepath.Join(tb.bin, c.binary))
		}
	}
	if err := checkPortsFree(); err != nil {
		return err
	}
	if err := tb.prepare(); err != nil {
		return err
	}
	for _, c := range tb.components() {
		begin := time.Now()
		exited, err := tb.start(c)
		if err != nil {
			return tb.failed(err)
		}
		if err := waitFor(c.name, 90*time.Second, exited, func() error { return c.ready(tb) }); err != nil {
			return tb.failed(err)
		}
		fmt.Printf("  %-24s ready in %5.1fs\n", c.name, time.Since(begin).Seconds())
		if c.name == "kube-apiserver" {
			if err := tb.writeKubeconfigs(); err != nil {
				return tb.failed(err)
			}
		}
	}
	begin := time.Now()
	if err := tb.seed(); err != nil {
		return tb.failed(err)
	}
	fmt.Printf("  %-24s ready in %5.1fs\n", "nodes, storage, RBAC", time.Since(begin).Seconds())
	if err := os.WriteFile(tb.path("fingerprint"), []byte(tb.fingerprint()), 0o644); err != nil {
		return tb.failed(err)
	}
	fmt.Printf("testbed up in %.1fs: %s\n", time.Since(started).Seconds(), tb.dir)
	fmt.Printf("  eval \"$(scripts/testbed env)\"   # then: cargo test --all-features\n")
	return nil
}

// fingerprint names the build, the flags and kwok's stages, so that `up`
// restarts a testbed that an older build started.
func (tb *testbed) fingerprint() string {
	hash := sha256.New()
	for _, c := range tb.components() {
		target, _ := filepath.EvalSymlinks(filepath.Join(tb.bin, c.binary))
		fmt.Fprintf(hash, "%s %s %q\n", c.name, target, c.args)
	}
	// kwok's stages are a file of the build, read at start: a change restarts it too.
	stages, _ := os.ReadFile(filepath.Join(tb.bin, "kwok-stages.yaml"))
	hash.Write(stages)
	return hex.EncodeToString(hash.Sum(nil))
}

// failed prints every component's log, stops what was started and returns err.
func (tb *testbed) failed(err error) error {
	fmt.Fprintf(os.Stderr, "testbed up failed: %v\n\nthe logs (%s):\n", err, tb.path("logs"))
	tb.printLogs(os.Stderr, 40)
	if stopErr := tb.stopAll(); stopErr != nil {
		fmt.Fprintf(os.Stderr, "while stopping: %v\n", stopErr)
	}
	return err
}

// marker marks a directory as a testbed's, so that only such a directory is
// ever removed, whatever STS_TESTBED_DIR says.
const marker = ".sts-tutor-testbed"

// removeDir removes the testbed's directory if it is one (or empty).
func (tb *testbed) removeDir() error {
	entries, err := os.ReadDir(tb.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(tb.path(marker)); err != nil && len(entries) > 0 {
		return fmt.Errorf("%s is not a testbed's directory (no %s in it) and is not empty: set STS_TESTBED_DIR to another one", tb.dir, marker)
	}
	return os.RemoveAll(tb.dir)
}

// prepare writes what the components read at start: the service-account key
// and the token file of the two users.
func (tb *testbed) prepare() error {
	if err := tb.removeDir(); err != nil {
		return err
	}
	if err := os.MkdirAll(tb.path("logs"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(tb.path(marker), nil, 0o644); err != nil {
		return err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(tb.path("sa.key"), keyPEM, 0o600); err != nil {
		return err
	}
	tb.adminToken = randomToken()
	viewerToken := randomToken()
	tokens := fmt.Sprintf("%s,admin,admin,\"system:masters\"\n%s,%s,%s\n", tb.adminToken, viewerToken, viewerUser, viewerUser)
	if err := os.WriteFile(tb.path("tokens.csv"), []byte(tokens), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(tb.path("admin.token"), []byte(tb.adminToken), 0o600); err != nil {
		return err
	}
	return os.WriteFile(tb.path("viewer.token"), []byte(viewerToken), 0o600)
}

func (tb *testbed) loadToken() error {
	token, err := os.ReadFile(tb.path("admin.token"))
	tb.adminToken = string(token)
	return err
}

func randomToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func (tb *testbed) writeKubeconfigs() error {
	ca, err := os.ReadFile(tb.caFile())
	if err != nil {
		return err
	}
	viewerToken, err := os.ReadFile(tb.path("viewer.token"))
	if err != nil {
		return err
	}
	for _, kc := range []struct{ file, user, token string }{
		{adminKubeconfig, "admin", tb.adminToken},
		{viewerKubeconfig, viewerUser, string(viewerToken)},
	} {
		text := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: sts-tutor-testbed
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: %s
  user:
    token: %s
contexts:
- name: sts-tutor-testbed-%s
  context:
    cluster: sts-tutor-testbed
    user: %s
current-context: sts-tutor-testbed-%s
`, tb.server(), base64.StdEncoding.EncodeToString(ca), kc.user, kc.token, kc.user, kc.user, kc.user)
		if err := os.WriteFile(tb.path(kc.file), []byte(text), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// start runs c in a session of its own, so that it outlives this command and
// `down` can stop its whole process group. The channel is closed when it exits.
func (tb *testbed) start(c component) (<-chan struct{}, error) {
	log, err := os.OpenFile(tb.logFile(c), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(tb.bin, c.binary), c.args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Dir = tb.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", c.name, err)
	}
	if err := os.WriteFile(tb.pidFile(c), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		log.Close()
		close(exited)
	}()
	return exited, nil
}

// waitFor polls ready until it succeeds, the process exits or the time is up.
func waitFor(name string, limit time.Duration, exited <-chan struct{}, ready func() error) error {
	deadline := time.Now().Add(limit)
	for {
		err := ready()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("%s exited before it was ready", name)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s: %v", name, limit, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// pidOf returns the pid in c's pid file if that process is alive and is ours:
// its command line names this testbed's directory, so a reused pid is never
// signalled.
func (tb *testbed) pidOf(c component) (int, bool) {
	text, err := os.ReadFile(tb.pidFile(c))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(text)))
	if err != nil || pid <= 1 {
		return 0, false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !bytes.Contains(cmdline, []byte(tb.dir)) {
		return 0, false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err == nil {
		// A zombie (state Z) has exited already.
		if fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:])); len(fields) > 0 && fields[0] == "Z" {
			return 0, false
		}
	}
	return pid, true
}

func (tb *testbed) running() []string {
	var names []string
	for _, c := range tb.components() {
		if _, ok := tb.pidOf(c); ok {
			names = append(names, c.name)
		}
	}
	return names
}

func (tb *testbed) down() error {
	if err := tb.stopAll(); err != nil {
		return err
	}
	if err := tb.removeDir(); err != nil {
		return err
	}
	fmt.Printf("testbed down: %s removed\n", tb.dir)
	return nil
}

// stopAll stops the components in reverse start order: SIGTERM to the process
// group, SIGKILL after 15 s.
func (tb *testbed) stopAll() error {
	components := tb.components()
	var problems []string
	for i := len(components) - 1; i >= 0; i-- {
		c := components[i]
		pid, ok := tb.pidOf(c)
		if !ok {
			_ = os.Remove(tb.pidFile(c))
			continue
		}
		_ = syscall.Kill(-pid, syscall.SIGTERM)
		deadline := time.Now().Add(15 * time.Second)
		for {
			if _, alive := tb.pidOf(c); !alive {
				break
			}
			if time.Now().After(deadline) {
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				time.Sleep(500 * time.Millisecond)
				if _, alive := tb.pidOf(c); alive {
					problems = append(problems, fmt.Sprintf("%s (pid %d) survived SIGKILL", c.name, pid))
				}
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		_ = os.Remove(tb.pidFile(c))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func (tb *testbed) checkAll() error {
	for _, c := range tb.components() {
		if err := c.ready(tb); err != nil {
			return fmt.Errorf("%s: %v", c.name, err)
		}
	}
	return nil
}

func (tb *testbed) status() error {
	_ = tb.loadToken()
	down := 0
	for _, c := range tb.components() {
		state := "not running"
		if pid, ok := tb.pidOf(c); ok {
			if err := c.ready(tb); err != nil {
				state = fmt.Sprintf("running (pid %d), not ready: %v", pid, err)
				down++
			} else {
				state = fmt.Sprintf("ready (pid %d)", pid)
			}
		} else {
			down++
		}
		fmt.Printf("%-24s %s\n", c.name, state)
	}
	if down > 0 {
		return fmt.Errorf("%d of %d components are not ready (scripts/testbed up starts them)", down, len(tb.components()))
	}
	fmt.Printf("testbed is up in %s\n", tb.dir)
	return nil
}

func (tb *testbed) env() error {
	if _, err := os.Stat(tb.path(adminKubeconfig)); err != nil {
		return fmt.Errorf("no testbed in %s: run scripts/testbed up first", tb.dir)
	}
	fmt.Printf("export KUBECONFIG=%s\n", shellQuote(tb.path(adminKubeconfig)))
	fmt.Printf("export STS_TUTOR_TESTBED_DIR=%s\n", shellQuote(tb.dir))
	fmt.Printf("export STS_TUTOR_LIVE_TEST=1\n")
	return nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// printLogs prints each component's log, the last n lines of it when n > 0.
func (tb *testbed) printLogs(w io.Writer, n int) {
	for _, c := range tb.components() {
		file, err := os.Open(tb.logFile(c))
		if err != nil {
			continue
		}
		var lines []string
		scanner := bufio.NewScanner(file)
		scanner.Buffer(make([]byte, 1<<20), 1<<20)
		for scanner.Scan() {
			lines = append(lines, scanner.Text())
			if n > 0 && len(lines) > n {
				lines = lines[1:]
			}
		}
		file.Close()
		fmt.Fprintf(w, "==> %s <==\n%s\n\n", tb.logFile(c), strings.Join(lines, "\n"))
	}
}

func checkPortsFree() error {
	for _, port := range []int{etcdClientPort, etcdPeerPort, apiserverPort, controllerManagerPort, schedulerPort, kwokPort} {
		listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return fmt.Errorf("port %d on 127.0.0.1 is in use (another testbed or program?): stop it, or run scripts/testbed down", port)
		}
		listener.Close()
	}
	return nil
}

var insecure = &http.Client{
	Timeout: 2 * time.Second,
	// Health endpoints only; the serving certificates are the components' own
	// self-signed ones.
	Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
}

// httpOK succeeds when url answers 200.
func httpOK(url, token string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := insecure.Do(req)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
