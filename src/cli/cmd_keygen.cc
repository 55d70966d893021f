// `attestfs keygen --out PREFIX [--type T]`: writes PREFIX.key (PKCS#8, 0600, encrypted when
// ATTESTFS_PASSWORD is set) and PREFIX.pub (SPKI PEM). Refuses to overwrite without --force.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "keys/private_key.h"

namespace attestfs::cli {

namespace {
struct KeygenOptions {
  std::string out;
  std::string type = "ecdsa-p256";
  bool force = false;
};

int RunKeygen(const KeygenOptions& o) {
  auto type = keys::ParseKeyType(o.type);
  if (!type)
    return Fail(Errc::kUsage,
                "unknown key type '" + o.type + "' (ecdsa-p256, ecdsa-p384, ed25519, rsa-3072)");
  std::string key_path = o.out + ".key", pub_path = o.out + ".pub";
  if (!o.force &&
      (::access(key_path.c_str(), F_OK) == 0 || ::access(pub_path.c_str(), F_OK) == 0)) {
    return Fail(Errc::kUsage,
                key_path + " or " + pub_path + " already exists (use --force to overwrite)");
  }
  auto key = keys::PrivateKey::Generate(*type);
  if (!key.ok()) return Fail(key.error().Context("generate key"));
  std::string password;
  std::optional<std::string> pw;
  if (PasswordFromEnv(&password)) pw = password;
  auto pem = key->ToPem(pw);
  if (!pem.ok()) return Fail(pem.error());
  if (auto s = WriteFileAtomic(key_path, *pem, 0600); !s.ok()) return Fail(s.error());
  if (auto s = WriteFileAtomic(pub_path, key->Public().ToPem(), 0644); !s.ok())
    return Fail(s.error());
  std::printf("wrote %s (%s%s) and %s\nkey id %s\n", key_path.c_str(),
              std::string(keys::KeyTypeName(*type)).c_str(), pw ? ", encrypted" : "",
              pub_path.c_str(), key->Public().KeyId().c_str());
  return kExitOk;
}
}  // namespace

void RegisterKeygen(CLI::App& app, int* rc) {
  auto o = std::make_shared<KeygenOptions>();
  auto* cmd = app.add_subcommand("keygen", "generate a signing key pair (PREFIX.key, PREFIX.pub)");
  cmd->add_option("--out", o->out, "output prefix")->required();
  cmd->add_option("--type", o->type, "ecdsa-p256 (default), ecdsa-p384, ed25519, rsa-3072");
  cmd->add_flag("--force", o->force, "overwrite existing files");
  cmd->callback([o, rc] { *rc = RunKeygen(*o); });
}

}  // namespace attestfs::cli
