#!/bin/sh
# Creates a throwaway test CA, a server cert for 127.0.0.1/localhost, a token-signing cert and an
# htpasswd file (testuser/testpass) in DIR. Used by the registry integration fixture.
set -eu
DIR=$1
mkdir -p "$DIR/tls"
cd "$DIR/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt \
  -days 2 -subj "/CN=attestfs-test-ca" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
  -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > san.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 \
  -extfile san.ext 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout token.key \
  -out token.crt -days 2 -subj "/CN=attestfs-token-signer" 2>/dev/null
htpasswd -Bbn testuser testpass > "$DIR/htpasswd"
