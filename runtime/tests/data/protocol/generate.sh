#!/bin/sh
# Regenerates the protocol test keys and certificates in this directory with the openssl CLI.
#
# TEST-ONLY material: every key here is freshly generated, published in this repository, and
# authorizes nothing. Never use any of it for a real merchant account.
#
# Usage: sh generate.sh   (from any directory; needs openssl 3)
set -eu

cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rsa_key() { # file bits
    openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1"
}

public_key() { # private-key-file public-key-file
    openssl pkey -in "$1" -pubout -out "$2"
}

# A self-signed certificate for key $1 with serial $2 (hex), valid from $3 to $4
# (YYYYMMDDHHMMSSZ). `openssl ca` is the one openssl 3.0 command that takes explicit dates.
self_signed() { # key serial start end subject-cn output
    dir="$work/ca-$2"
    mkdir -p "$dir/new"
    : >"$dir/index.txt"
    printf '%s\n' "$2" >"$dir/serial"
    cat >"$dir/ca.cnf" <<EOF
[ca]
default_ca = test
[test]
dir = $dir
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
x509_extensions = extensions
[anything]
commonName = supplied
organizationName = optional
[extensions]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
EOF
    openssl req -new -key "$1" -subj "/O=Test only, not WeChat Pay/CN=$5" -out "$dir/request.csr"
    openssl ca -batch -notext -config "$dir/ca.cnf" -selfsign -keyfile "$1" \
        -startdate "$3" -enddate "$4" -in "$dir/request.csr" -out "$6" 2>/dev/null
}

# The merchant's API key (apiclient_key.pem is PKCS#8) and its public half.
rsa_key merchant_test_key.pem 2048
public_key merchant_test_key.pem merchant_test_public_key.pem
# The same key in PKCS#1 form: the format mistake the loader must explain.
openssl pkey -in merchant_test_key.pem -traditional -out merchant_test_key_pkcs1.pem

# The platform certificate key, with a certificate valid 2020-2099 and an expired one.
rsa_key platform_test_key.pem 2048
self_signed platform_test_key.pem 7E57000000000000000000000000000000000001 \
    20200101000000Z 20991231235959Z "Test platform certificate" platform_test_cert.pem
self_signed platform_test_key.pem 8E57000000000000000000000000000000000002 \
    20150101000000Z 20191231235959Z "Expired test platform certificate" \
    platform_test_cert_expired.pem
# A rotation: a newer certificate for the same key, valid from 2024 alongside the first.
self_signed platform_test_key.pem 7E57000000000000000000000000000000000003 \
    20240101000000Z 20991231235959Z "Rotated test platform certificate" \
    platform_test_cert_rotated.pem
# A different certificate reusing the first one's serial number, which a verifier must refuse.
self_signed platform_test_key.pem 7E57000000000000000000000000000000000001 \
    20210101000000Z 20991231235959Z "Conflicting test platform certificate" \
    platform_test_cert_conflicting.pem

# The WeChat Pay public key (identified by a PUB_KEY_ID_… id), with its private half for the
# test server.
rsa_key wechatpay_public_key_test_private.pem 2048
public_key wechatpay_public_key_test_private.pem wechatpay_public_key_test.pem

# Keys the loaders must refuse.
rsa_key rsa1024_test_key.pem 1024
public_key rsa1024_test_key.pem rsa1024_test_public_key.pem
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec_test_key.pem
public_key ec_test_key.pem ec_test_public_key.pem
openssl req -x509 -key ec_test_key.pem -subj "/O=Test only/CN=EC test certificate" \
    -days 36500 -out ec_test_cert.pem

echo "regenerated test-only keys in $(pwd)"
