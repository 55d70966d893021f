#!/usr/bin/env python3
"""Publishes a DSSE envelope the way cosign's legacy `attest` did: an OCI manifest whose layers
are application/vnd.dsse.envelope.v1+json blobs, tagged sha256-<hex>.att beside the subject,
with no subject field. Plain HTTP to a loopback registry only.
usage: cosign_att.py HOST:PORT REPO SUBJECT_DIGEST ENVELOPE"""
import hashlib
import json
import sys
import urllib.request


def put_blob(base, repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    req = urllib.request.Request(f"{base}/v2/{repo}/blobs/uploads/", method="POST")
    with urllib.request.urlopen(req) as r:
        loc = r.headers["Location"]
    if loc.startswith("/"):
        loc = base + loc
    sep = "&" if "?" in loc else "?"
    req = urllib.request.Request(f"{loc}{sep}digest={digest}", data=data, method="PUT",
                                 headers={"Content-Type": "application/octet-stream"})
    urllib.request.urlopen(req).close()
    return digest


def main():
    host, repo, subject, envelope = sys.argv[1:5]
    base = "http://" + host
    env = open(envelope, "rb").read()
    config = b"{}"
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": put_blob(base, repo, config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.dsse.envelope.v1+json",
                    "digest": put_blob(base, repo, env), "size": len(env),
                    "annotations": {"dev.cosignproject.cosign/signature": ""}}],
    }
    body = json.dumps(manifest).encode()
    tag = subject.replace(":", "-") + ".att"
    req = urllib.request.Request(f"{base}/v2/{repo}/manifests/{tag}", data=body, method="PUT",
                                 headers={"Content-Type": manifest["mediaType"]})
    urllib.request.urlopen(req).close()
    print(tag)


if __name__ == "__main__":
    main()
