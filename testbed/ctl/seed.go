package main

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// nodeCount Nodes, one per zone, so that hostname anti-affinity and zone
// spreading of a three-replica StatefulSet can be satisfied.
const nodeCount = 3

// seed creates what a cluster made by kind or kubeadm has and the course
// relies on: Nodes, a default StorageClass, and a user that may only read.
// Then it waits for what the controllers make on their own.
func (tb *testbed) seed() error {
	config, err := clientcmd.BuildConfigFromFlags("", tb.path(adminKubeconfig))
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: viewerUser},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: viewerUser}},
	}
	if _, err := client.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return fmt.Errorf("creating the viewer's ClusterRoleBinding: %w", err)
	}

	deleteClaims := corev1.PersistentVolumeReclaimDelete
	immediate := storagev1.VolumeBindingImmediate
	class := &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{
			Name:        "standard",
			Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"},
		},
		Provisioner:       "kubernetes.io/host-path",
		ReclaimPolicy:     &deleteClaims,
		VolumeBindingMode: &immediate,
	}
	if _, err := client.StorageV1().StorageClasses().Create(ctx, class, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return fmt.Errorf("creating the default StorageClass: %w", err)
	}

	zones := []string{"zone-a", "zone-b", "zone-c"}
	for i := range nodeCount {
		name := fmt.Sprintf("testbed-node-%d", i)
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				// kwok manages every Node (--manage-all-nodes); the annotation
				// says who does, for a person looking at the cluster.
				Annotations: map[string]string{"kwok.x-k8s.io/node": "fake"},
				Labels: map[string]string{
					"kubernetes.io/hostname":      name,
					"kubernetes.io/os":            "linux",
					"kubernetes.io/arch":          "amd64",
					"topology.kubernetes.io/zone": zones[i%len(zones)],
					"type":                        "kwok",
				},
			},
		}
		if _, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); ignoreExists(err) != nil {
			return fmt.Errorf("creating Node %s: %w", name, err)
		}
	}

	// Admission taints every new Node node.kubernetes.io/not-ready; the node
	// lifecycle controller would lift it, but it does not run here.
	if err := poll(ctx, "the Nodes' not-ready taint lifted", func() error {
		for i := range nodeCount {
			node, err := client.CoreV1().Nodes().Get(ctx, fmt.Sprintf("testbed-node-%d", i), metav1.GetOptions{})
			if err != nil {
				return err
			}
			if len(node.Spec.Taints) == 0 {
				continue
			}
			node.Spec.Taints = nil
			if _, err := client.CoreV1().Nodes().Update(ctx, node, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}

	return poll(ctx, "3 Ready, untainted Nodes, the default ServiceAccount and the root CA", func() error {
		nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		ready := 0
		for _, node := range nodes.Items {
			if nodeReady(node) && len(node.Spec.Taints) == 0 {
				ready++
			}
		}
		if ready < nodeCount {
			return fmt.Errorf("%d of %d Nodes Ready and untainted", ready, nodeCount)
		}
		if _, err := client.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{}); err != nil {
			return fmt.Errorf("ServiceAccount default/default: %w", err)
		}
		if _, err := client.CoreV1().ConfigMaps("default").Get(ctx, "kube-root-ca.crt", metav1.GetOptions{}); err != nil {
			return fmt.Errorf("ConfigMap default/kube-root-ca.crt: %w", err)
		}
		return nil
	})
}

func nodeReady(node corev1.Node) bool {
	for _, condition := range node.Status.Conditions {
		if condition.Type == corev1.NodeReady {
			return condition.Status == corev1.ConditionTrue
		}
	}
	return false
}

func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func poll(ctx context.Context, what string, check func() error) error {
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %v", what, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
