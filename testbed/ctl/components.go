package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A component is one process of the testbed: the binary it runs, its flags and
// how to tell that it is ready. Each is declared on its own, in start order, so
// that its flags read in one place (as kwokctl's binary runtime does).
type component struct {
	name   string
	binary string
	args   []string
	// ready is polled until it returns nil.
	ready func(tb *testbed) error
}

// Loopback ports, away from the well-known ones so that a developer's own
// cluster or etcd on this machine is not disturbed. STS_TESTBED_PORT_OFFSET
// moves them all, so that a second testbed (a CI run beside a developer's) can
// run on the same machine.
var (
	portOffset            = offsetFromEnv()
	etcdClientPort        = 32379 + portOffset
	etcdPeerPort          = 32380 + portOffset
	apiserverPort         = 36443 + portOffset
	controllerManagerPort = 30257 + portOffset
	schedulerPort         = 30259 + portOffset
	kwokPort              = 30247 + portOffset
)

func offsetFromEnv() int {
	text := os.Getenv("STS_TESTBED_PORT_OFFSET")
	if text == "" {
		return 0
	}
	offset, err := strconv.Atoi(text)
	if err != nil || offset < 0 || offset > 2000 {
		fail("STS_TESTBED_PORT_OFFSET must be a number from 0 to 2000, not " + strconv.Quote(text))
	}
	return offset
}

// serviceCIDR and podCIDR must not overlap: kwok hands Pod IPs out of podCIDR.
const (
	// Dual-stack, as clusters that serve IPv6 Services are: the oracle then sees
	// what the file alone decides, not this cluster's families.
	serviceCIDR = "10.96.0.0/16,fd00::/108"
	podCIDR     = "10.244.0.0/16"
)

func (tb *testbed) components() []component {
	return []component{tb.etcd(), tb.apiserver(), tb.controllerManager(), tb.scheduler(), tb.kwok()}
}

func (tb *testbed) etcd() component {
	client := fmt.Sprintf("http://127.0.0.1:%d", etcdClientPort)
	peer := fmt.Sprintf("http://127.0.0.1:%d", etcdPeerPort)
	return component{
		name:   "etcd",
		binary: "etcd",
		args: []string{
			"--name=testbed",
			"--data-dir=" + tb.path("etcd"),
			"--listen-client-urls=" + client,
			"--advertise-client-urls=" + client,
			"--listen-peer-urls=" + peer,
			"--initial-advertise-peer-urls=" + peer,
			"--initial-cluster=testbed=" + peer,
			// The data is thrown away at `down`: durability only costs time.
			"--unsafe-no-fsync",
			"--quota-backend-bytes=1073741824",
		},
		ready: func(tb *testbed) error { return httpOK(client+"/health", "") },
	}
}

func (tb *testbed) apiserver() component {
	return component{
		name:   "kube-apiserver",
		binary: "kube",
		args: []string{
			"kube-apiserver",
			fmt.Sprintf("--etcd-servers=http://127.0.0.1:%d", etcdClientPort),
			"--bind-address=127.0.0.1",
			"--advertise-address=127.0.0.1",
			fmt.Sprintf("--secure-port=%d", apiserverPort),
			// Writes a self-signed serving certificate and its CA here; the
			// kubeconfigs trust that CA.
			"--cert-dir=" + tb.path("certs"),
			"--service-cluster-ip-range=" + serviceCIDR,
			"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
			"--service-account-key-file=" + tb.path("sa.key"),
			"--service-account-signing-key-file=" + tb.path("sa.key"),
			"--token-auth-file=" + tb.path("tokens.csv"),
			"--authorization-mode=Node,RBAC",
			// As kubeadm, kind and the managed clusters run it: privileged
			// containers are a matter of Pod Security admission, not of the
			// manifest's validity.
			"--allow-privileged=true",
			// One apiserver on loopback: nothing to reconcile the kubernetes
			// Service's endpoints to.
			"--endpoint-reconciler-type=none",
			"--profiling=false",
		},
		ready: func(tb *testbed) error { return httpOK(tb.server()+"/readyz", tb.adminToken) },
	}
}

// controllers are the controller-manager's controllers the course needs: the
// StatefulSet controller, volume binding and protection, garbage collection
// (Pods and PVCs owned by a deleted StatefulSet), namespace deletion, and the
// default ServiceAccount and root CA that admission needs before a Pod can be
// created. Names: cmd/kube-controller-manager/names.
//
// The node lifecycle controller is left out on purpose: kwok renews no Node
// leases, so it marked every Node unreachable and their Pods not Ready about
// once a minute. Without it nothing re-taints a Node, and seed lifts the
// not-ready taint that admission puts on each new one.
var controllers = []string{
	"statefulset-controller",
	"persistentvolume-binder-controller",
	"persistentvolumeclaim-protection-controller",
	"persistentvolume-protection-controller",
	"garbage-collector-controller",
	"namespace-controller",
	"serviceaccount-controller",
	"serviceaccount-token-controller",
	"root-ca-certificate-publisher-controller",
	"endpointslice-controller",
	"disruption-controller",
}

func (tb *testbed) controllerManager() component {
	kubeconfig := tb.path(adminKubeconfig)
	return component{
		name:   "kube-controller-manager",
		binary: "kube",
		args: []string{
			"kube-controller-manager",
			"--kubeconfig=" + kubeconfig,
			"--authentication-kubeconfig=" + kubeconfig,
			"--authorization-kubeconfig=" + kubeconfig,
			"--leader-elect=false",
			"--bind-address=127.0.0.1",
			fmt.Sprintf("--secure-port=%d", controllerManagerPort),
			"--cert-dir=" + tb.path("certs-controller-manager"),
			"--service-account-private-key-file=" + tb.path("sa.key"),
			"--root-ca-file=" + tb.caFile(),
			"--service-cluster-ip-range=" + serviceCIDR,
			"--controllers=" + strings.Join(controllers, ","),
			// The in-tree hostPath provisioner gives every claim a volume of its
			// own (StorageClass provisioner kubernetes.io/host-path), so claim
			// templates bind without a CSI driver. Volumes are directories under
			// /tmp that are never used: kwok runs no containers.
			"--enable-hostpath-provisioner=true",
			"--profiling=false",
		},
		ready: func(tb *testbed) error {
			return httpOK(fmt.Sprintf("https://127.0.0.1:%d/healthz", controllerManagerPort), "")
		},
	}
}

func (tb *testbed) scheduler() component {
	kubeconfig := tb.path(adminKubeconfig)
	return component{
		name:   "kube-scheduler",
		binary: "kube",
		args: []string{
			"kube-scheduler",
			"--kubeconfig=" + kubeconfig,
			"--authentication-kubeconfig=" + kubeconfig,
			"--authorization-kubeconfig=" + kubeconfig,
			"--leader-elect=false",
			"--bind-address=127.0.0.1",
			fmt.Sprintf("--secure-port=%d", schedulerPort),
			"--cert-dir=" + tb.path("certs-scheduler"),
			"--profiling=false",
		},
		ready: func(tb *testbed) error {
			return httpOK(fmt.Sprintf("https://127.0.0.1:%d/healthz", schedulerPort), "")
		},
	}
}

func (tb *testbed) kwok() component {
	return component{
		name:   "kwok",
		binary: "kwok",
		args: []string{
			"--kubeconfig=" + tb.path(adminKubeconfig),
			// Node and Pod lifecycle without containers: the fast stages make
			// scheduled Pods Running and Ready at once and finish deletions.
			"--config=" + filepath.Join(tb.bin, "kwok-stages.yaml"),
			"--manage-all-nodes=true",
			"--cidr=" + podCIDR,
			"--node-ip=10.244.0.1",
			fmt.Sprintf("--server-address=127.0.0.1:%d", kwokPort),
		},
		ready: func(tb *testbed) error {
			return httpOK(fmt.Sprintf("http://127.0.0.1:%d/healthz", kwokPort), "")
		},
	}
}
