// Parsers for the package metadata found inside images: dpkg status stanzas, Python core
// metadata (METADATA / PKG-INFO headers), os-release and DEP-5 copyright License: fields.
// Pure text functions (no I/O) with size limits applied by the caller.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "image/image_inventory.h"

namespace attestfs::image {

// Every stanza with Package and Version; when a stanza has a Status field, only
// "install ok installed" counts. kTooLarge over kMaxPackages.
Result<std::vector<OsPackage>> ParseDpkgStatus(std::string_view text, const std::string& database);

// Name/Version/License/License-Expression/Classifier from the header block. kMalformed when
// Name or Version is missing.
Result<PythonDist> ParsePythonMetadata(std::string_view text, const std::string& path);

OsRelease ParseOsRelease(std::string_view text);

// License: names of a machine-readable (DEP-5) copyright file, deduplicated; empty otherwise.
std::vector<std::string> ParseCopyrightLicenses(std::string_view text);

}  // namespace attestfs::image
