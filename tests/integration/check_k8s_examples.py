#!/usr/bin/python3
"""Checks the Kubernetes examples (the admission webhook and the CSI node plugin): every *.yaml under DIR parses, each document has apiVersion,
kind and metadata.name, and the objects the admission webhook needs are there with the fields
that make it safe (webhook configurations fail closed on v1 reviews, exclude the webhook's own
namespace, point at the Service paths; the Deployment runs non-root with a read-only root and
resource limits; the ConfigMap's admission.yaml has rules; the CSIDriver, the DaemonSet with its
registrar and Bidirectional pods directory, and the inference volumes with known attributes).
Prints a one-line summary."""
import glob, os, sys
import yaml

root = sys.argv[1]
docs = []
for path in sorted(glob.glob(os.path.join(root, "**", "*.yaml"), recursive=True)):
    for d in yaml.safe_load_all(open(path)):
        if d is None:
            continue
        for key in ("apiVersion", "kind", "metadata"):
            assert key in d, f"{path}: a document without {key}"
        assert d["metadata"].get("name"), f"{path}: {d['kind']} without metadata.name"
        docs.append((path, d))

def one(kind, name=None):
    found = [d for _, d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert found, f"no {kind} {name or ''}"
    return found[0]

ns = one("Namespace", "attestfs-system")
svc = one("Service", "attestfs-admission")
assert svc["metadata"]["namespace"] == "attestfs-system"
dep = one("Deployment", "attestfs-admission")
pod = dep["spec"]["template"]["spec"]
assert pod["securityContext"]["runAsNonRoot"] is True
c = pod["containers"][0]
assert c["securityContext"]["readOnlyRootFilesystem"] is True
assert c["securityContext"]["allowPrivilegeEscalation"] is False
assert c["resources"]["limits"]["memory"] and c["resources"]["limits"]["cpu"]
assert c["args"][:2] == ["admission", "serve"]
assert dep["spec"]["selector"]["matchLabels"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
cm = one("ConfigMap", "attestfs-admission")
conf = yaml.safe_load(cm["data"]["admission.yaml"])
assert conf["rules"] and all("images" in r and "name" in r for r in conf["rules"])
assert conf["tls"]["cert"] and conf["tls"]["key"]
mounts = {m["mountPath"] for m in c["volumeMounts"]}
assert os.path.dirname(conf["tls"]["cert"]) in mounts, "tls files are not mounted where the config says"
paths = {}
for kind in ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"):
    cfg = one(kind)
    for w in cfg["webhooks"]:
        assert w["failurePolicy"] == "Fail", kind
        assert w["sideEffects"] == "None", kind
        assert w["admissionReviewVersions"] == ["v1"], kind
        assert w["timeoutSeconds"] <= 10
        s = w["clientConfig"]["service"]
        assert (s["name"], s["namespace"]) == ("attestfs-admission", "attestfs-system")
        paths[kind] = s["path"]
        exprs = w["namespaceSelector"]["matchExpressions"]
        assert any(e["key"] == "kubernetes.io/metadata.name" and e["operator"] == "NotIn"
                   and "attestfs-system" in e["values"] for e in exprs), "own namespace not excluded"
        resources = {r for rule in w["rules"] for r in rule["resources"]}
        for r in ("pods", "pods/ephemeralcontainers", "deployments", "statefulsets", "daemonsets",
                  "replicasets", "jobs", "cronjobs", "replicationcontrollers"):
            assert r in resources, f"{kind} misses {r}"
assert paths == {"ValidatingWebhookConfiguration": "/validate", "MutatingWebhookConfiguration": "/mutate"}
# The CSI node plugin.
known_attrs = {"source", "key", "ca_roots", "identity", "identity_regexp", "issuer", "issuer_regexp",
               "trusted_root", "policy", "attestation", "name", "readahead", "fetch_timeout",
               "plain_http", "ca_file", "authfile"}
drv = one("CSIDriver", "attestfs.csi.dev")
assert drv["spec"]["attachRequired"] is False and drv["spec"]["podInfoOnMount"] is True
assert set(drv["spec"]["volumeLifecycleModes"]) == {"Ephemeral", "Persistent"}
ds = one("DaemonSet", "attestfs-csi-node")
pod = ds["spec"]["template"]["spec"]
names = [c["name"] for c in pod["containers"]]
assert "node-driver-registrar" in names, "no registrar sidecar"
plugin = next(c for c in pod["containers"] if c["name"] != "node-driver-registrar")
assert plugin["args"][:2] == ["csi", "serve"] and any(a.startswith("--node-id=") for a in plugin["args"])
assert any(a.startswith("--secrets-dir=") for a in plugin["args"])
pods_mount = [m for m in plugin["volumeMounts"] if m["mountPath"] == "/var/lib/kubelet/pods"]
assert pods_mount and pods_mount[0]["mountPropagation"] == "Bidirectional", "pods dir needs Bidirectional"
assert any(m["mountPath"] == "/dev/fuse" for m in plugin["volumeMounts"])
reg = next(c for c in pod["containers"] if c["name"] == "node-driver-registrar")
assert any("--kubelet-registration-path=/var/lib/kubelet/plugins/attestfs.csi.dev/csi.sock" == a for a in reg["args"])
inline = 0
for _, d in docs:
    if d["kind"] in ("Deployment", "Pod", "StatefulSet"):
        spec = d["spec"]["template"]["spec"] if "template" in d["spec"] else d["spec"]
        for v in spec.get("volumes", []):
            if "csi" in v and v["csi"]["driver"] == "attestfs.csi.dev":
                attrs = v["csi"]["volumeAttributes"]
                assert v["csi"].get("readOnly") is True and "source" in attrs and set(attrs) <= known_attrs, attrs
                inline += 1
    if d["kind"] == "PersistentVolume" and d["spec"]["csi"]["driver"] == "attestfs.csi.dev":
        assert d["spec"]["csi"]["volumeHandle"] and set(d["spec"]["csi"]["volumeAttributes"]) <= known_attrs
        assert d["spec"]["accessModes"] == ["ReadOnlyMany"]
        inline += 1
assert inline >= 2, "no inference example using the driver"
kinds = sorted({d["kind"] for _, d in docs})
print(f"{len(docs)} documents: {', '.join(kinds)}")
