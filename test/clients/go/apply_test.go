package goclient

import (
	"maps"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	appsv1ac "k8s.io/client-go/applyconfigurations/apps/v1"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	metav1ac "k8s.io/client-go/applyconfigurations/meta/v1"
)

// managers lists "manager/operation/subresource" for each managedFields entry.
func managers(obj metav1.Object) []string {
	var out []string
	for _, e := range obj.GetManagedFields() {
		out = append(out, e.Manager+"/"+string(e.Operation)+"/"+e.Subresource)
	}
	slices.Sort(out)
	return out
}

func TestServerSideApplyConfigMap(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)

	// Apply creates the object when it is absent.
	alpha := corev1ac.ConfigMap("cfg", ns).WithLabels(map[string]string{"app": "web"}).WithData(map[string]string{"shared": "a", "mine": "a"})
	created := try(cms.Apply(ctx, alpha, metav1.ApplyOptions{FieldManager: "alpha"})).must(t)
	if !maps.Equal(created.Data, map[string]string{"shared": "a", "mine": "a"}) || created.UID == "" {
		t.Fatalf("apply-create: %+v", created)
	}
	if got := managers(created); !slices.Equal(got, []string{"alpha/Apply/"}) {
		t.Fatalf("managedFields after apply-create: %v", got)
	}
	entry := created.ManagedFields[0]
	if entry.FieldsType != "FieldsV1" || entry.FieldsV1 == nil || entry.Time == nil || entry.APIVersion != "v1" {
		t.Fatalf("managedFields entry: %+v", entry)
	}
	// Applying the same configuration again changes nothing.
	again := try(cms.Apply(ctx, alpha, metav1.ApplyOptions{FieldManager: "alpha"})).must(t)
	if again.ResourceVersion != created.ResourceVersion {
		t.Fatalf("a no-op apply changed the resourceVersion from %s to %s", created.ResourceVersion, again.ResourceVersion)
	}

	// Another manager setting a field alpha owns to another value conflicts.
	beta := corev1ac.ConfigMap("cfg", ns).WithData(map[string]string{"shared": "b", "theirs": "b"})
	_, err := cms.Apply(ctx, beta, metav1.ApplyOptions{FieldManager: "beta"})
	if !apierrors.IsConflict(err) {
		t.Fatalf("conflicting apply: want Conflict, got %v", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if status.Message != `Apply failed with 1 conflict: conflict with "alpha": .data.shared` {
		t.Errorf("conflict message %q", status.Message)
	}
	if status.Details == nil || len(status.Details.Causes) != 1 ||
		status.Details.Causes[0] != (metav1.StatusCause{Type: metav1.CauseTypeFieldManagerConflict, Message: `conflict with "alpha"`, Field: ".data.shared"}) {
		t.Errorf("conflict details %+v", status.Details)
	}
	if now := try(cms.Get(ctx, "cfg", metav1.GetOptions{})).must(t); now.ResourceVersion != created.ResourceVersion {
		t.Fatal("a refused apply changed the object")
	}
	// The same value is shared ownership, not a conflict.
	shared := try(cms.Apply(ctx, corev1ac.ConfigMap("cfg", ns).WithData(map[string]string{"shared": "a"}), metav1.ApplyOptions{FieldManager: "gamma"})).must(t)
	if got := managers(shared); !slices.Equal(got, []string{"alpha/Apply/", "gamma/Apply/"}) {
		t.Fatalf("managedFields after a shared apply: %v", got)
	}

	// Force takes the field over.
	forced := try(cms.Apply(ctx, beta, metav1.ApplyOptions{FieldManager: "beta", Force: true})).must(t)
	if !maps.Equal(forced.Data, map[string]string{"shared": "b", "mine": "a", "theirs": "b"}) {
		t.Fatalf("forced apply: data %v", forced.Data)
	}
	if got := managers(forced); !slices.Equal(got, []string{"alpha/Apply/", "beta/Apply/"}) {
		t.Errorf("managedFields after the forced apply (gamma lost its only field): %v", got)
	}

	// A field its only manager stops applying is removed; one a manager still owns stays.
	pruned := try(cms.Apply(ctx, corev1ac.ConfigMap("cfg", ns).WithLabels(map[string]string{"app": "web"}), metav1.ApplyOptions{FieldManager: "alpha"})).must(t)
	if !maps.Equal(pruned.Data, map[string]string{"shared": "b", "theirs": "b"}) {
		t.Fatalf("after alpha stopped applying data: %v", pruned.Data)
	}

	// Extract gives back what a manager owns, ready to modify and apply again.
	extracted := try(corev1ac.ExtractConfigMap(pruned, "beta")).must(t)
	if !maps.Equal(extracted.Data, map[string]string{"shared": "b", "theirs": "b"}) || extracted.Labels != nil {
		t.Fatalf("ExtractConfigMap for beta: data %v labels %v", extracted.Data, extracted.Labels)
	}
	extracted.WithData(map[string]string{"theirs": "b2"})
	reapplied := try(cms.Apply(ctx, extracted, metav1.ApplyOptions{FieldManager: "beta"})).must(t)
	if !maps.Equal(reapplied.Data, map[string]string{"shared": "b", "theirs": "b2"}) || !maps.Equal(reapplied.Labels, map[string]string{"app": "web"}) {
		t.Fatalf("after re-applying the extracted configuration: data %v labels %v", reapplied.Data, reapplied.Labels)
	}

	// Updates are tracked too, under the client's field manager.
	reapplied.Data["edited"] = "yes"
	updated := try(cms.Update(ctx, reapplied, metav1.UpdateOptions{FieldManager: "editor"})).must(t)
	if got := managers(updated); !slices.Equal(got, []string{"alpha/Apply/", "beta/Apply/", "editor/Update/"}) {
		t.Fatalf("managedFields after an update: %v", got)
	}
}

func deploymentApply(ns string, replicas int32, image string) *appsv1ac.DeploymentApplyConfiguration {
	labels := map[string]string{"app": "api"}
	return appsv1ac.Deployment("api", ns).
		WithSpec(appsv1ac.DeploymentSpec().
			WithReplicas(replicas).
			WithSelector(metav1ac.LabelSelector().WithMatchLabels(labels)).
			WithTemplate(corev1ac.PodTemplateSpec().
				WithLabels(labels).
				WithSpec(corev1ac.PodSpec().WithContainers(
					corev1ac.Container().WithName("api").WithImage(image).
						WithPorts(corev1ac.ContainerPort().WithName("http").WithContainerPort(8080)),
				))))
}

func TestServerSideApplyDeployment(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	deployments := clientset(t).AppsV1().Deployments(ns)

	created := try(deployments.Apply(ctx, deploymentApply(ns, 2, "api:1"), metav1.ApplyOptions{FieldManager: "deployer"})).must(t)
	if *created.Spec.Replicas != 2 || created.Spec.Template.Spec.Containers[0].Image != "api:1" || created.Generation != 1 {
		t.Fatalf("apply-create: %+v", created.Spec)
	}

	// A second manager adds a container: containers are a list keyed by name, so both keep theirs.
	sidecar := appsv1ac.Deployment("api", ns).WithSpec(appsv1ac.DeploymentSpec().WithTemplate(corev1ac.PodTemplateSpec().WithSpec(
		corev1ac.PodSpec().WithContainers(corev1ac.Container().WithName("proxy").WithImage("proxy:1")))))
	withSidecar := try(deployments.Apply(ctx, sidecar, metav1.ApplyOptions{FieldManager: "injector"})).must(t)
	if want := map[string]string{"api": "api:1", "proxy": "proxy:1"}; !maps.Equal(containerImages(withSidecar), want) {
		t.Fatalf("after the second manager's apply: %v, want %v", containerImages(withSidecar), want)
	}

	// The status subresource has managers of its own.
	status := appsv1ac.Deployment("api", ns).WithStatus(appsv1ac.DeploymentStatus().
		WithObservedGeneration(withSidecar.Generation).
		WithConditions(appsv1ac.DeploymentCondition().WithType(appsv1.DeploymentAvailable).WithStatus(corev1.ConditionFalse).WithReason("Waiting")))
	withStatus := try(deployments.ApplyStatus(ctx, status, metav1.ApplyOptions{FieldManager: "controller"})).must(t)
	if withStatus.Status.ObservedGeneration != withSidecar.Generation || len(withStatus.Status.Conditions) != 1 || withStatus.Status.Conditions[0].Reason != "Waiting" {
		t.Fatalf("ApplyStatus: %+v", withStatus.Status)
	}
	if got := managers(withStatus); !slices.Equal(got, []string{"controller/Apply/status", "deployer/Apply/", "injector/Apply/"}) {
		t.Fatalf("managedFields: %v", got)
	}
	// ApplyStatus leaves the spec alone, and Apply the status.
	if *withStatus.Spec.Replicas != 2 {
		t.Fatalf("ApplyStatus changed the spec: %+v", withStatus.Spec)
	}

	// Extract: each manager's own fields, the main resource and the status apart.
	extracted := try(appsv1ac.ExtractDeployment(withStatus, "deployer")).must(t)
	if *extracted.Spec.Replicas != 2 || len(extracted.Spec.Template.Spec.Containers) != 1 || *extracted.Spec.Template.Spec.Containers[0].Name != "api" ||
		*extracted.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort != 8080 || extracted.Status != nil {
		t.Fatalf("ExtractDeployment for deployer: %+v", extracted)
	}
	if injected := try(appsv1ac.ExtractDeployment(withStatus, "injector")).must(t); injected.Spec.Replicas != nil || len(injected.Spec.Template.Spec.Containers) != 1 || *injected.Spec.Template.Spec.Containers[0].Image != "proxy:1" {
		t.Fatalf("ExtractDeployment for injector: %+v", injected.Spec)
	}
	statusOwned := try(appsv1ac.ExtractDeploymentStatus(withStatus, "controller")).must(t)
	if statusOwned.Status == nil || *statusOwned.Status.ObservedGeneration != withSidecar.Generation || statusOwned.Spec != nil {
		t.Fatalf("ExtractDeploymentStatus for controller: %+v", statusOwned)
	}

	// A conflict on replicas, then force.
	scaler := appsv1ac.Deployment("api", ns).WithSpec(appsv1ac.DeploymentSpec().WithReplicas(5))
	_, err := deployments.Apply(ctx, scaler, metav1.ApplyOptions{FieldManager: "autoscaler"})
	if !apierrors.IsConflict(err) {
		t.Fatalf("conflicting apply: want Conflict, got %v", err)
	}
	if msg := err.(apierrors.APIStatus).Status().Message; msg != `Apply failed with 1 conflict: conflict with "deployer": .spec.replicas` {
		t.Errorf("conflict message %q", msg)
	}
	scaled := try(deployments.Apply(ctx, scaler, metav1.ApplyOptions{FieldManager: "autoscaler", Force: true})).must(t)
	if *scaled.Spec.Replicas != 5 {
		t.Fatalf("forced apply: replicas %d", *scaled.Spec.Replicas)
	}
	// The deployer, re-applying what it extracted minus replicas, no longer fights over them.
	extracted.Spec.Replicas = nil
	extracted.Spec.Template.Spec.Containers[0].WithImage("api:2")
	rolled := try(deployments.Apply(ctx, extracted, metav1.ApplyOptions{FieldManager: "deployer"})).must(t)
	if *rolled.Spec.Replicas != 5 || !maps.Equal(containerImages(rolled), map[string]string{"api": "api:2", "proxy": "proxy:1"}) {
		t.Fatalf("after the deployer's re-apply: replicas %d images %v", *rolled.Spec.Replicas, containerImages(rolled))
	}

	// dryRun answers with the result and stores nothing.
	dry := try(deployments.Apply(ctx, deploymentApply(ns, 5, "api:3"), metav1.ApplyOptions{FieldManager: "deployer", DryRun: []string{metav1.DryRunAll}})).must(t)
	if dry.Spec.Template.Spec.Containers[0].Image != "api:3" {
		t.Fatalf("dry-run apply: %v", containerImages(dry))
	}
	if now := try(deployments.Get(ctx, "api", metav1.GetOptions{})).must(t); now.ResourceVersion != rolled.ResourceVersion {
		t.Fatal("a dry-run apply changed the object")
	}
	// The server requires a field manager for an apply patch (client-go's Apply checks it before sending).
	if _, err := deployments.Patch(ctx, "api", types.ApplyYAMLPatchType, []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1}\n"), metav1.PatchOptions{}); !apierrors.IsInvalid(err) ||
		err.Error() != `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch` {
		t.Fatalf("an apply patch without fieldManager: want Invalid, got %v", err)
	}
}
