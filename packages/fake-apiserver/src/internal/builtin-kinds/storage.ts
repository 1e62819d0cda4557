// The storage.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { csiDriverDefaulting, storageClassDefaulting, volumeAttachmentDefaulting } from '../strategies/storage.js';
import { csiDriverValidation, storageClassValidation, volumeAttachmentValidation } from '../validation/storage.js';

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** `kubectl get storageclasses`: the default class marked, kube's defaults for unset policies. */
const STORAGE_CLASS = printer([
  NAME_COLUMN,
  col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
  col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
  col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
  col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
  AGE_COLUMN,
], (sc, now) => {
  const metadata = rec(sc.metadata);
  const annotations = rec(metadata.annotations);
  const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
  const name = str(metadata.name);
  return [isDefault ? `${name} (default)` : name, str(sc.provisioner), str(sc.reclaimPolicy, 'Delete'), str(sc.volumeBindingMode, 'Immediate'),
    sc.allowVolumeExpansion === true, ageCell(sc, now)];
});

/** A pointer-to-bool field as kube's printer reads it: its value, else the default. */
function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** `kubectl get csidrivers` */
const CSI_DRIVER = printer([
  NAME_COLUMN,
  col('AttachRequired', 'boolean', 'attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting. The CSI external-attacher coordinates with CSI volume driver and updates the volumeattachment status when the attach operation is complete. If the value is specified to false, the attach operation will be skipped. Otherwise the attach operation will be called.\n\nThis field is immutable.'),
  col('PodInfoOnMount', 'boolean', 'podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true. If set to false, pod information will not be passed on mount. Default is false.\n\nThe CSI driver specifies podInfoOnMount as part of driver deployment. If true, Kubelet will pass pod information as VolumeContext in the CSI NodePublishVolume() calls. The CSI driver is responsible for parsing and validating the information passed in as VolumeContext.\n\nThe following VolumeContext will be passed if podInfoOnMount is set to true. This list might grow, but the prefix will be used. "csi.storage.k8s.io/pod.name": pod.Name "csi.storage.k8s.io/pod.namespace": pod.Namespace "csi.storage.k8s.io/pod.uid": string(pod.UID) "csi.storage.k8s.io/ephemeral": "true" if the volume is an ephemeral inline volume\n                                defined by a CSIVolumeSource, otherwise "false"\n\n"csi.storage.k8s.io/ephemeral" is a new feature in Kubernetes 1.16. It is only required for drivers which support both the "Persistent" and "Ephemeral" VolumeLifecycleMode. Other drivers can leave pod info disabled and/or ignore this field. As Kubernetes 1.15 doesn\'t support this field, drivers can only support one mode when deployed on such a cluster and the deployment determines which mode that is, for example via a command line parameter of the driver.\n\nThis field was immutable in Kubernetes < 1.29 and now is mutable.'),
  col('StorageCapacity', 'boolean', 'storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true.\n\nThe check can be enabled immediately when deploying a driver. In that case, provisioning new volumes with late binding will pause until the driver deployment has published some suitable CSIStorageCapacity object.\n\nAlternatively, the driver can be deployed with the field unset or false and it can be flipped later when storage capacity information has been published.\n\nThis field was immutable in Kubernetes <= 1.22 and now is mutable.'),
  col('TokenRequests', 'string', 'tokenRequests indicates the CSI driver needs pods\' service account tokens it is mounting volume for to do necessary authentication. Kubelet will pass the tokens in VolumeContext in the CSI NodePublishVolume calls. The CSI driver should parse and validate the following VolumeContext: "csi.storage.k8s.io/serviceAccount.tokens": {\n  "<audience>": {\n    "token": <token>,\n    "expirationTimestamp": <expiration timestamp in RFC3339>,\n  },\n  ...\n}\n\nNote: Audience in each TokenRequest should be different and at most one token is empty string. To receive a new token after expiry, RequiresRepublish can be used to trigger NodePublishVolume periodically.'),
  col('RequiresRepublish', 'boolean', 'requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume. This field defaults to false.\n\nNote: After a successful initial NodePublishVolume call, subsequent calls to NodePublishVolume should only update the contents of the volume. New mount points will not be seen by a running container.'),
  col('Modes', 'string', 'volumeLifecycleModes defines what kind of volumes this CSI volume driver supports. The default if the list is empty is "Persistent", which is the usage defined by the CSI specification and implemented in Kubernetes via the usual PV/PVC mechanism.\n\nThe other mode is "Ephemeral". In this mode, volumes are defined inline inside the pod spec with CSIVolumeSource and their lifecycle is tied to the lifecycle of that pod. A driver has to be aware of this because it is only going to get a NodePublishVolume call for such a volume.\n\nFor more information about implementing this mode, see https://kubernetes-csi.github.io/docs/ephemeral-local-volumes.html A driver can support one or more of these modes and more modes may be added in the future.\n\nThis field is beta. This field is immutable.'),
  AGE_COLUMN,
], (d, now) => {
  const spec = rec(d.spec);
  const modes = Array.isArray(spec.volumeLifecycleModes) ? spec.volumeLifecycleModes.map(String).join(',') : '';
  const tokens = Array.isArray(spec.tokenRequests) ? list(spec.tokenRequests).map((t) => str(t.audience)).join(',') : '<unset>';
  return [str(rec(d.metadata).name), flag(spec.attachRequired, true), flag(spec.podInfoOnMount, false), flag(spec.storageCapacity, false), tokens,
    flag(spec.requiresRepublish, false), modes === '' ? '<none>' : modes, ageCell(d, now)];
});

/** `kubectl get csinodes`: how many drivers. */
const CSI_NODE = printer([
  NAME_COLUMN,
  col('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'),
  AGE_COLUMN,
], (n, now) => [str(rec(n.metadata).name), list(rec(n.spec).drivers).length, ageCell(n, now)]);

/** `kubectl get volumeattachments` */
const VOLUME_ATTACHMENT = printer([
  NAME_COLUMN,
  { ...col('Attacher', 'string', 'attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().'), format: 'name' },
  col('PV', 'string', 'persistentVolumeName represents the name of the persistent volume to attach.'),
  col('Node', 'string', 'nodeName represents the node that the volume should be attached to.'),
  col('Attached', 'boolean', 'attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher.'),
  AGE_COLUMN,
], (va, now) => {
  const spec = rec(va.spec);
  return [str(rec(va.metadata).name), str(spec.attacher), str(rec(spec.source).persistentVolumeName), str(spec.nodeName), rec(va.status).attached === true, ageCell(va, now)];
});

/** The storage.k8s.io group's kinds. */
export const STORAGE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'storage.k8s.io', plural: 'csidrivers', columns: CSI_DRIVER, deleteReturnsObject: true, strategy: combineStrategies(csiDriverDefaulting, csiDriverValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'csinodes', columns: CSI_NODE, deleteReturnsObject: true }),
  builtin({ group: 'storage.k8s.io', plural: 'csistoragecapacities' }),
  builtin({ group: 'storage.k8s.io', plural: 'storageclasses', columns: STORAGE_CLASS, deleteReturnsObject: true,
    strategy: combineStrategies(storageClassDefaulting, storageClassValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattachments', columns: VOLUME_ATTACHMENT, deleteReturnsObject: true, strategy: combineStrategies(volumeAttachmentDefaulting, volumeAttachmentValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattributesclasses' }),
];
