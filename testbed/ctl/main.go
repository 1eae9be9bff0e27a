// Command testbed starts, stops and describes a Kubernetes control plane on
// loopback for sts-tutor's live tests: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (fake Nodes, Pods made
// Ready without containers). It is run by scripts/testbed, which builds the
// binaries it starts.
//
//	testbed up | down | status | env | logs [LINES]
//
// STS_TESTBED_DIR (default $TMPDIR/sts-tutor-testbed) holds the data, the
// logs, the pid files and the kubeconfigs; STS_TESTBED_BIN the binaries.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

const usage = `usage: testbed up | down | status | env | logs [LINES]

  up      start the control plane (harmless when it is already up)
  down    stop the processes "up" started and remove their data
  status  say which components run and are ready (exit 1 if any is not)
  env     print the shell exports that point the live tests at it
  logs    print every component's log (its last LINES lines if given)`

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 || (len(os.Args) == 3 && os.Args[1] != "logs") {
		fail(usage)
	}
	tb := newTestbed()
	var err error
	switch os.Args[1] {
	case "up":
		err = tb.up()
	case "down":
		err = tb.down()
	case "status":
		err = tb.status()
	case "env":
		err = tb.env()
	case "logs":
		lines := 0
		if len(os.Args) == 3 {
			n, convErr := strconv.Atoi(os.Args[2])
			if convErr != nil || n < 0 {
				fail("testbed logs: LINES must be a number of lines, not " + strconv.Quote(os.Args[2]))
			}
			lines = n
		}
		tb.printLogs(os.Stdout, lines)
	case "-h", "--help", "help":
		fmt.Println(usage)
	default:
		fail(fmt.Sprintf("unknown command %q\n\n%s", os.Args[1], usage))
	}
	if err != nil {
		fail("testbed " + os.Args[1] + ": " + err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(1)
}

func newTestbed() *testbed {
	dir := os.Getenv("STS_TESTBED_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "sts-tutor-testbed")
	}
	bin := os.Getenv("STS_TESTBED_BIN")
	if bin == "" {
		if exe, err := os.Executable(); err == nil {
			bin = filepath.Dir(exe)
		}
	}
	dir, _ = filepath.Abs(dir)
	return &testbed{dir: dir, bin: bin}
}
