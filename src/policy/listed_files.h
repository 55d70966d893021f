// ListedFiles: the file list an evidence item declares — from a CycloneDX ML-BOM (file
// components with attestfs properties) or an OpenSSF model-signing predicate — for the
// file-types rule (MITRE ATLAS AML.M0011).
#pragma once

#include <string>
#include <vector>

#include "attestation/statement.h"
#include "base/result.h"

namespace attestfs::policy {

struct ListedFile {
  std::string path;
  bool executable = false;
  bool symlink = false;
  std::string link_target;
};

// True when the statement's predicate type carries a file list we can read.
bool HasFileList(const attestation::Statement& statement);

// The files of the statement's predicate; kMalformed when it does not parse.
Result<std::vector<ListedFile>> ExtractListedFiles(const attestation::Statement& statement);

}  // namespace attestfs::policy
