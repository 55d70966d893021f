// crypto.x509.parse_certificates: PEM, base64 DER or base64 PEM certificates into the JSON shape
// OPA prints for Go's x509.Certificate (Raw* as base64, pkix.Name with Names, RFC 3339 times,
// Go's enum numbers for algorithms and key usages, SANs, extensions), parsed with OpenSSL.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string B64(const unsigned char* p, size_t n) {
  static const char* kAlpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < n; i += 3) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out += kAlpha[v >> 18];
    out += kAlpha[(v >> 12) & 63];
    out += kAlpha[(v >> 6) & 63];
    out += kAlpha[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = p[i] << 16;
    out += kAlpha[v >> 18];
    out += kAlpha[(v >> 12) & 63];
    out += "==";
  } else if (n - i == 2) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
    out += kAlpha[v >> 18];
    out += kAlpha[(v >> 12) & 63];
    out += kAlpha[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool B64Decode(std::string_view in, std::string& out) {
  std::string clean;
  for (char c : in)
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  if (clean.size() % 4 != 0) return false;
  out.resize(clean.size() / 4 * 3 + 3);
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) return false;
  size_t pad = 0;
  if (!clean.empty() && clean.back() == '=') ++pad;
  if (clean.size() > 1 && clean[clean.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return true;
}

template <typename F>
std::string Der(F f, const void* obj) {
  unsigned char* buf = nullptr;
  int n = f(obj, &buf);
  if (n <= 0) return "";
  std::string out = B64(buf, static_cast<size_t>(n));
  OPENSSL_free(buf);
  return out;
}

Value Oid(const ASN1_OBJECT* o) {
  char buf[256];
  int n = OBJ_obj2txt(buf, sizeof buf, o, 1);
  Array parts;
  if (n <= 0) return Value::FromArray({});
  std::string_view s(buf, std::min<size_t>(n, sizeof buf - 1));
  size_t start = 0;
  while (start <= s.size()) {
    size_t dot = s.find('.', start);
    std::string part(
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    parts.push_back(Value::Int(std::strtoll(part.c_str(), nullptr, 10)));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return Value::FromArray(std::move(parts));
}

std::string Utf8(const ASN1_STRING* s) {
  unsigned char* out = nullptr;
  int n = ASN1_STRING_to_UTF8(&out, s);
  if (n < 0) return "";
  std::string r(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  OPENSSL_free(out);
  return r;
}

// Go's pkix.Name as JSON.
Value Name(const X509_NAME* name) {
  std::map<int, Array> multi;
  std::string cn, serial;
  Array names;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* o = X509_NAME_ENTRY_get_object(e);
    std::string v = Utf8(X509_NAME_ENTRY_get_data(e));
    names.push_back(Value::FromObject({{Str("Type"), Oid(o)}, {Str("Value"), Str(v)}}));
    int nid = OBJ_obj2nid(o);
    if (nid == NID_commonName)
      cn = v;
    else if (nid == NID_serialNumber)
      serial = v;
    else
      multi[nid].push_back(Str(v));
  }
  auto list = [&](int nid) -> Value {
    auto it = multi.find(nid);
    return it == multi.end() ? Value::Null() : Value::FromArray(it->second);
  };
  Object o;
  o[Str("Country")] = list(NID_countryName);
  o[Str("Organization")] = list(NID_organizationName);
  o[Str("OrganizationalUnit")] = list(NID_organizationalUnitName);
  o[Str("Locality")] = list(NID_localityName);
  o[Str("Province")] = list(NID_stateOrProvinceName);
  o[Str("StreetAddress")] = list(NID_streetAddress);
  o[Str("PostalCode")] = list(NID_postalCode);
  o[Str("SerialNumber")] = Str(serial);
  o[Str("CommonName")] = Str(cn);
  o[Str("Names")] = Value::FromArray(std::move(names));
  o[Str("ExtraNames")] = Value::Null();
  return Value::FromObject(std::move(o));
}

Value Time(const ASN1_TIME* t) {
  struct tm tm {};
  if (!ASN1_TIME_to_tm(t, &tm)) return Value::Null();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return Str(buf);
}

Value BigNum(const BIGNUM* bn) {
  if (!bn) return Value::Null();
  if (BN_num_bits(bn) <= 62) {
    int64_t v = static_cast<int64_t>(BN_get_word(bn));
    return Value::Int(BN_is_negative(bn) ? -v : v);
  }
  char* dec = BN_bn2dec(bn);
  double d = dec ? std::strtod(dec, nullptr) : 0;
  OPENSSL_free(dec);
  return Value::Float(d);
}

int GoSignatureAlgorithm(int nid) {
  switch (nid) {
    case NID_md2WithRSAEncryption:
      return 1;
    case NID_md5WithRSAEncryption:
      return 2;
    case NID_sha1WithRSAEncryption:
      return 3;
    case NID_sha256WithRSAEncryption:
      return 4;
    case NID_sha384WithRSAEncryption:
      return 5;
    case NID_sha512WithRSAEncryption:
      return 6;
    case NID_dsaWithSHA1:
      return 7;
    case NID_dsa_with_SHA256:
      return 8;
    case NID_ecdsa_with_SHA1:
      return 9;
    case NID_ecdsa_with_SHA256:
      return 10;
    case NID_ecdsa_with_SHA384:
      return 11;
    case NID_ecdsa_with_SHA512:
      return 12;
    case NID_rsassaPss:
      return 13;
    case NID_ED25519:
      return 16;
    default:
      return 0;
  }
}

Value PublicKey(X509* x, int& algo) {
  algo = 0;
  EVP_PKEY* k = X509_get0_pubkey(x);
  if (!k) return Value::Null();
  switch (EVP_PKEY_base_id(k)) {
    case EVP_PKEY_RSA: {
      algo = 1;
      BIGNUM *n = nullptr, *e = nullptr;
      EVP_PKEY_get_bn_param(k, "n", &n);
      EVP_PKEY_get_bn_param(k, "e", &e);
      Value out = Value::FromObject({{Str("N"), BigNum(n)}, {Str("E"), BigNum(e)}});
      BN_free(n);
      BN_free(e);
      return out;
    }
    case EVP_PKEY_DSA:
      algo = 2;
      return Value::FromObject({});
    case EVP_PKEY_EC: {
      algo = 3;
      BIGNUM *px = nullptr, *py = nullptr;
      EVP_PKEY_get_bn_param(k, "qx", &px);
      EVP_PKEY_get_bn_param(k, "qy", &py);
      Value out = Value::FromObject(
          {{Str("Curve"), Value::FromObject({})}, {Str("X"), BigNum(px)}, {Str("Y"), BigNum(py)}});
      BN_free(px);
      BN_free(py);
      return out;
    }
    case EVP_PKEY_ED25519: {
      algo = 4;
      unsigned char raw[64];
      size_t len = sizeof raw;
      if (EVP_PKEY_get_raw_public_key(k, raw, &len) != 1) return Value::Null();
      return Str(B64(raw, len));
    }
    default:
      return Value::Null();
  }
}

Value Uri(const std::string& s) {
  std::string scheme, host, path, query, fragment, rest = s;
  size_t hash = rest.find('#');
  if (hash != std::string::npos) fragment = rest.substr(hash + 1), rest.resize(hash);
  size_t q = rest.find('?');
  if (q != std::string::npos) query = rest.substr(q + 1), rest.resize(q);
  size_t colon = rest.find(':');
  std::string opaque;
  if (colon != std::string::npos) {
    scheme = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    if (rest.rfind("//", 0) == 0) {
      size_t slash = rest.find('/', 2);
      host = rest.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
      path = slash == std::string::npos ? "" : rest.substr(slash);
    } else {
      opaque = rest;
    }
  } else {
    path = rest;
  }
  return Value::FromObject({{Str("Scheme"), Str(scheme)},
                            {Str("Opaque"), Str(opaque)},
                            {Str("User"), Value::Null()},
                            {Str("Host"), Str(host)},
                            {Str("Path"), Str(path)},
                            {Str("RawPath"), Str("")},
                            {Str("OmitHost"), Bool(false)},
                            {Str("ForceQuery"), Bool(false)},
                            {Str("RawQuery"), Str(query)},
                            {Str("Fragment"), Str(fragment)},
                            {Str("RawFragment"), Str("")}});
}

Value Certificate(X509* x) {
  Object o;
  o[Str("Raw")] = Str(
      Der([](const void* p,
             unsigned char** b) { return i2d_X509(static_cast<X509*>(const_cast<void*>(p)), b); },
          x));
  o[Str("RawTBSCertificate")] = Str(Der(
      [](const void* p, unsigned char** b) {
        return i2d_re_X509_tbs(static_cast<X509*>(const_cast<void*>(p)), b);
      },
      x));
  o[Str("RawSubjectPublicKeyInfo")] = Str(Der(
      [](const void* p, unsigned char** b) {
        return i2d_X509_PUBKEY(X509_get_X509_PUBKEY(static_cast<const X509*>(p)), b);
      },
      x));
  o[Str("RawSubject")] = Str(Der(
      [](const void* p, unsigned char** b) {
        return i2d_X509_NAME(X509_get_subject_name(static_cast<const X509*>(p)), b);
      },
      x));
  o[Str("RawIssuer")] = Str(Der(
      [](const void* p, unsigned char** b) {
        return i2d_X509_NAME(X509_get_issuer_name(static_cast<const X509*>(p)), b);
      },
      x));
  const ASN1_BIT_STRING* sig = nullptr;
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(&sig, &alg, x);
  o[Str("Signature")] = Str(sig ? B64(sig->data, static_cast<size_t>(sig->length)) : "");
  o[Str("SignatureAlgorithm")] = Value::Int(GoSignatureAlgorithm(X509_get_signature_nid(x)));
  int pk_algo = 0;
  o[Str("PublicKey")] = PublicKey(x, pk_algo);
  o[Str("PublicKeyAlgorithm")] = Value::Int(pk_algo);
  o[Str("Version")] = Value::Int(X509_get_version(x) + 1);
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr);
  o[Str("SerialNumber")] = BigNum(serial);
  BN_free(serial);
  o[Str("Issuer")] = Name(X509_get_issuer_name(x));
  o[Str("Subject")] = Name(X509_get_subject_name(x));
  o[Str("NotBefore")] = Time(X509_get0_notBefore(x));
  o[Str("NotAfter")] = Time(X509_get0_notAfter(x));
  uint32_t ku = X509_get_key_usage(x);
  int go_ku = 0;
  if (ku != UINT32_MAX) {
    const std::pair<uint32_t, int> kMap[] = {
        {KU_DIGITAL_SIGNATURE, 1}, {KU_NON_REPUDIATION, 2}, {KU_KEY_ENCIPHERMENT, 4},
        {KU_DATA_ENCIPHERMENT, 8}, {KU_KEY_AGREEMENT, 16},  {KU_KEY_CERT_SIGN, 32},
        {KU_CRL_SIGN, 64},         {KU_ENCIPHER_ONLY, 128}, {KU_DECIPHER_ONLY, 256}};
    for (const auto& [bit, go] : kMap)
      if (ku & bit) go_ku |= go;
  }
  o[Str("KeyUsage")] = Value::Int(go_ku);
  Array exts;
  for (int i = 0; i < X509_get_ext_count(x); ++i) {
    X509_EXTENSION* e = X509_get_ext(x, i);
    const ASN1_OCTET_STRING* d = X509_EXTENSION_get_data(e);
    exts.push_back(
        Value::FromObject({{Str("Id"), Oid(X509_EXTENSION_get_object(e))},
                           {Str("Critical"), Bool(X509_EXTENSION_get_critical(e) != 0)},
                           {Str("Value"), Str(B64(d->data, static_cast<size_t>(d->length)))}}));
  }
  o[Str("Extensions")] = exts.empty() ? Value::Null() : Value::FromArray(std::move(exts));
  o[Str("ExtraExtensions")] = Value::Null();
  o[Str("UnhandledCriticalExtensions")] = Value::Null();
  Array eku;
  uint32_t xku = X509_get_extended_key_usage(x);
  if (X509_get_extension_flags(x) & EXFLAG_XKUSAGE) {
    const std::pair<uint32_t, int> kMap[] = {
        {XKU_SSL_SERVER, 1}, {XKU_SSL_CLIENT, 2}, {XKU_CODE_SIGN, 3}, {XKU_SMIME, 4},
        {XKU_TIMESTAMP, 8},  {XKU_OCSP_SIGN, 9},  {XKU_ANYEKU, 0}};
    for (const auto& [bit, go] : kMap)
      if (xku & bit) eku.push_back(Value::Int(go));
  }
  o[Str("ExtKeyUsage")] = eku.empty() ? Value::Null() : Value::FromArray(std::move(eku));
  o[Str("UnknownExtKeyUsage")] = Value::Null();
  uint32_t flags = X509_get_extension_flags(x);
  bool bc = X509_get_ext_by_NID(x, NID_basic_constraints, -1) >= 0;
  o[Str("BasicConstraintsValid")] = Bool(bc);
  o[Str("IsCA")] = Bool((flags & EXFLAG_CA) != 0);
  long pathlen = X509_get_pathlen(x);
  o[Str("MaxPathLen")] = Value::Int(pathlen >= 0 ? pathlen : (bc ? -1 : 0));
  o[Str("MaxPathLenZero")] = Bool(pathlen == 0);
  const ASN1_OCTET_STRING* skid = X509_get0_subject_key_id(x);
  o[Str("SubjectKeyId")] =
      skid ? Str(B64(skid->data, static_cast<size_t>(skid->length))) : Value::Null();
  const ASN1_OCTET_STRING* akid = X509_get0_authority_key_id(x);
  o[Str("AuthorityKeyId")] =
      akid ? Str(B64(akid->data, static_cast<size_t>(akid->length))) : Value::Null();
  Array dns, emails, ips, uris;
  auto* sans =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(sans, i);
    if (g->type == GEN_DNS)
      dns.push_back(Str(Utf8(g->d.dNSName)));
    else if (g->type == GEN_EMAIL)
      emails.push_back(Str(Utf8(g->d.rfc822Name)));
    else if (g->type == GEN_URI)
      uris.push_back(Uri(Utf8(g->d.uniformResourceIdentifier)));
    else if (g->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = g->d.iPAddress;
      char buf[64] = {0};
      if (ip->length == 4) {
        std::snprintf(buf, sizeof buf, "%d.%d.%d.%d", ip->data[0], ip->data[1], ip->data[2],
                      ip->data[3]);
      } else if (ip->length == 16) {
        char* p = buf;
        for (int k = 0; k < 16; k += 2)
          p += std::snprintf(p, buf + sizeof buf - p, k ? ":%x" : "%x",
                             (ip->data[k] << 8) | ip->data[k + 1]);
      }
      ips.push_back(Str(buf));
    }
  }
  GENERAL_NAMES_free(sans);
  auto opt = [](Array a) { return a.empty() ? Value::Null() : Value::FromArray(std::move(a)); };
  o[Str("DNSNames")] = opt(std::move(dns));
  o[Str("EmailAddresses")] = opt(std::move(emails));
  o[Str("IPAddresses")] = opt(std::move(ips));
  o[Str("URIs")] = opt(std::move(uris));
  o[Str("OCSPServer")] = Value::Null();
  o[Str("IssuingCertificateURL")] = Value::Null();
  o[Str("CRLDistributionPoints")] = Value::Null();
  o[Str("PolicyIdentifiers")] = Value::Null();
  o[Str("PermittedDNSDomainsCritical")] = Bool(false);
  return Value::FromObject(std::move(o));
}

// Certificates from PEM text or DER bytes; false on any malformed input.
bool ReadCerts(const std::string& data, std::vector<X509Ptr>& out) {
  if (data.find("-----BEGIN") != std::string::npos) {
    BIO* bio = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
    if (!bio) return false;
    while (true) {
      X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
      if (!x) break;
      out.emplace_back(x);
      if (out.size() > 1000) break;
    }
    BIO_free(bio);
    return !out.empty();
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(data.data());
  const unsigned char* end = p + data.size();
  while (p < end && out.size() <= 1000) {
    X509* x = d2i_X509(nullptr, &p, static_cast<long>(end - p));
    if (!x) return false;
    out.emplace_back(x);
  }
  return !out.empty();
}

}  // namespace

void AddX509Builtins(BuiltinRegistry& r) {
  Def(r, "crypto.x509.parse_certificates", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "crypto.x509.parse_certificates";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    std::string data = a[0].string();
    if (data.find("-----BEGIN") == std::string::npos) {
      std::string decoded;
      if (!B64Decode(data, decoded)) return Fail(fn, "illegal base64 data");
      data = std::move(decoded);
    }
    std::vector<X509Ptr> certs;
    if (!ReadCerts(data, certs)) return Fail(fn, "x509: malformed certificate");
    Array out;
    for (const auto& c : certs) out.push_back(Certificate(c.get()));
    return Value::FromArray(std::move(out));
  });
}

}  // namespace attestfs::rego::builtins
