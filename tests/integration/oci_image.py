#!/usr/bin/python3
"""Writes a small single-layer OCI image (linux/amd64) into an OCI layout, for tests that need an
image in a registry without building one: `oci_image.py LAYOUT TAG SEED` (different seeds give
different layers, hence different digests). Push it with `skopeo copy oci:LAYOUT:TAG docker://...`."""
import gzip, hashlib, io, json, os, sys, tarfile

layout, tag, seed = sys.argv[1], sys.argv[2], sys.argv[3]
blobs = os.path.join(layout, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)

def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return "sha256:" + d, len(data)

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
    for name, text in (("serve.sh", "#!/bin/sh\necho serving %s\n" % seed), ("etc/seed", seed + "\n")):
        b = text.encode()
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(b), 0o755, 0
        t.addfile(info, io.BytesIO(b))
diff_id = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
gz = io.BytesIO()
with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as g:
    g.write(raw.getvalue())
layer, layer_size = put(gz.getvalue())
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "config": {"Entrypoint": ["/serve.sh"]},
                     "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
cfg, cfg_size = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg, "size": cfg_size},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer, "size": layer_size}]}).encode()
man, man_size = put(manifest)
index_path = os.path.join(layout, "index.json")
index = {"schemaVersion": 2, "manifests": []}
if os.path.exists(index_path):
    index = json.load(open(index_path))
index["manifests"].append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": man, "size": man_size,
                           "annotations": {"org.opencontainers.image.ref.name": tag}})
json.dump(index, open(index_path, "w"))
open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion": "1.0.0"}')
print(man, layer)
