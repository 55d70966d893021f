#!/usr/bin/env bash
# The registry verbs against the real docker-registry with TLS (test CA) + htpasswd, and with
# Bearer token auth (loopback token server): credentials from --username/--password-stdin and
# from an auth file, --ca-file, and the errors a user meets — no credentials, wrong password,
# an untrusted certificate, plain HTTP against a TLS registry — each with a clear message.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry /usr/bin/openssl /usr/bin/htpasswd /usr/bin/node
A=$ATTESTFS
make_model "$T/m" --license mit --weights-mib 2 --small-files 2
"$A" keygen --out "$T/k" >/dev/null

# --- TLS + htpasswd ---
start_registry tls "$T/tls"
R=$REG
CA=$T/tls/tls/ca.crt
expect_rc 3 "push without credentials is refused" -- "$A" push "dir:$T/m" "$R/models/m:v1" --ca-file "$CA"
expect_out '401|unauthori[sz]ed|UNAUTHORIZED' "names the authorization failure"
expect_rc 3 "push with the wrong password is refused" -- sh -c "echo wrong | '$A' push 'dir:$T/m' '$R/models/m:v1' --ca-file '$CA' --username testuser --password-stdin"
expect_rc 3 "an untrusted certificate is refused" -- sh -c "echo testpass | '$A' push 'dir:$T/m' '$R/models/m:v1' --username testuser --password-stdin"
expect_out '[Cc]ertificate|SSL|TLS' "names the TLS failure"
expect_rc 0 "push over TLS with --username/--password-stdin, signed" -- sh -c "echo testpass | '$A' push 'dir:$T/m' '$R/models/m:v1' --ca-file '$CA' --username testuser --password-stdin -o bundle --key '$T/k.key' --store '$T/s'"
# containers auth.json (what podman/buildah/skopeo login write).
AUTH=$(printf 'testuser:testpass' | base64)
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$R" "$AUTH" > "$T/auth.json"
expect_rc 0 "verify REF over TLS with an auth file" -- "$A" verify "$R/models/m:v1" --key "$T/k.pub" --ca-file "$CA" --authfile "$T/auth.json"
expect_out '^VERIFIED' "verdict"
expect_rc 0 "pull over TLS with an auth file" -- "$A" pull "$R/models/m:v1" "$T/out" --key "$T/k.pub" --ca-file "$CA" --authfile "$T/auth.json"
diff -r "$T/m" "$T/out" >/dev/null && ok "pulled tree equals the source" || bad "pulled tree differs"
expect_rc 0 "discover over TLS" -- "$A" discover "$R/models/m:v1" --ca-file "$CA" --authfile "$T/auth.json"
expect_out 'sigstore.bundle' "lists the bundle referrer"
mkdir -p "$T/certs" && cp "$CA" "$T/certs/ca.crt"
expect_rc 0 "skopeo reads what we pushed (same CA and auth file)" -- skopeo inspect --raw --cert-dir "$T/certs" --authfile "$T/auth.json" "docker://$R/models/m:v1"
if [ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ]; then
  mkdir -p "$T/mnt"
  CLEANUP+=("umount -l $T/mnt")
  expect_rc 0 "mount a model from the TLS registry (ca_file=, authfile=)" -- timeout 60 "$A" mount "$R/models/m:v1" "$T/mnt" -o "key=$T/k.pub,ca_file=$CA,authfile=$T/auth.json,cache=$T/cache"
  cmp "$T/m/config.json" "$T/mnt/config.json" && ok "file read through the TLS registry mount" || bad "TLS mount content"
  umount "$T/mnt"
  expect_rc 3 "a registry mount without credentials is refused" -- timeout 60 "$A" mount "$R/models/m:v1" "$T/mnt" -o "key=$T/k.pub,ca_file=$CA,cache=$T/cache2"
  expect_out '401|UNAUTHORIZED' "names the authorization failure"
  mountpoint -q "$T/mnt" && bad "mounted without credentials" || ok "nothing mounted"
else
  echo "SKIP: registry mount over TLS needs root and /dev/fuse"
fi

# --- Bearer token auth ---
start_registry token "$T/tok"
R2=$REG
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$R2" "$AUTH" > "$T/auth2.json"
expect_rc 3 "anonymous push gets no push scope" -- "$A" push "dir:$T/m" "$R2/models/m:v1" --plain-http
expect_out '401|403|unauthori[sz]ed|denied|DENIED' "names the refusal"
expect_rc 0 "push with a token (credentials from the auth file)" -- "$A" push "dir:$T/m" "$R2/models/m:v1" --plain-http --authfile "$T/auth2.json" -o attest --key "$T/k.key" --store "$T/s"
expect_rc 0 "anonymous verify REF (pull scope is anonymous here)" -- "$A" verify "$R2/models/m:v1" --key "$T/k.pub" --plain-http
expect_rc 0 "copy with referrers between repositories of the token registry" -- "$A" copy "$R2/models/m:v1" "$R2/mirror/m:v1" --plain-http --authfile "$T/auth2.json" --key "$T/k.pub"
expect_rc 0 "the mirror verifies" -- "$A" verify "$R2/mirror/m:v1" --key "$T/k.pub" --plain-http
expect_rc 0 "copy with referrers within the TLS registry" -- "$A" copy "$R/models/m:v1" "$R/mirror/m:v1" --ca-file "$CA" --authfile "$T/auth.json"
expect_rc 0 "the TLS mirror verifies" -- "$A" verify "$R/mirror/m:v1" --key "$T/k.pub" --ca-file "$CA" --authfile "$T/auth.json"
expect_rc 0 "copy from the TLS registry to the plain-HTTP token registry (--dest-* flags)" -- "$A" copy "$R/models/m:v1" "$R2/from-tls/m:v1" --ca-file "$CA" --authfile "$T/auth.json" --dest-plain-http --dest-authfile "$T/auth2.json" --key "$T/k.pub"
expect_rc 0 "the cross-registry copy verifies" -- "$A" verify "$R2/from-tls/m:v1" --key "$T/k.pub" --plain-http
finish
