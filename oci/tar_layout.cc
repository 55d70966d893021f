// ustar planning (with PAX path records for long names) and a bounded tar scanner.
#include "oci/tar_layout.h"

#include <unistd.h>

#include <cstring>

#include "base/file_io.h"

namespace attestfs::oci {
namespace {

void PutOctal(char* field, size_t width, uint64_t value) {
  std::string s(width - 1, '0');
  for (size_t i = width - 1; i-- > 0 && value;) {
    s[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
  std::memcpy(field, s.data(), width - 1);
  field[width - 1] = '\0';
}

std::string Header(const std::string& name, const std::string& prefix, uint64_t size, unsigned mode,
                   char type) {
  std::string h(kTarBlockSize, '\0');
  char* p = h.data();
  std::memcpy(p, name.data(), std::min<size_t>(name.size(), 100));
  PutOctal(p + 100, 8, mode);
  PutOctal(p + 108, 8, 0);
  PutOctal(p + 116, 8, 0);
  PutOctal(p + 124, 12, size);
  PutOctal(p + 136, 12, 0);
  std::memset(p + 148, ' ', 8);
  p[156] = type;
  std::memcpy(p + 257, "ustar", 6);
  std::memcpy(p + 263, "00", 2);
  std::memcpy(p + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  std::memcpy(p + 148, chk, 7);  // six octal digits, NUL, then the existing space
  return h;
}

uint64_t Padding(uint64_t n) { return (kTarBlockSize - n % kTarBlockSize) % kTarBlockSize; }

// ustar name/prefix split at a '/', or false when the path needs a PAX record.
bool SplitUstar(const std::string& path, std::string* name, std::string* prefix) {
  if (path.size() <= 100) {
    *name = path;
    prefix->clear();
    return true;
  }
  for (size_t i = path.find('/'); i != std::string::npos; i = path.find('/', i + 1)) {
    if (i <= 155 && path.size() - i - 1 <= 100 && path.size() - i - 1 > 0) {
      *prefix = path.substr(0, i);
      *name = path.substr(i + 1);
      return true;
    }
  }
  return false;
}

std::string PaxRecord(const std::string& key, const std::string& value) {
  std::string body = " " + key + "=" + value + "\n";
  size_t len = body.size();
  size_t total = len + std::to_string(len).size();
  if (std::to_string(total).size() != std::to_string(len).size()) ++total;
  return std::to_string(total) + body;
}

uint64_t ParseOctal(const char* f, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width && f[i]; ++i) {
    if (f[i] == ' ') continue;
    if (f[i] < '0' || f[i] > '7') break;
    v = v * 8 + static_cast<uint64_t>(f[i] - '0');
  }
  return v;
}

}  // namespace

Result<TarPlan> PlanTar(const std::vector<TarMember>& members) {
  TarPlan plan;
  uint64_t off = 0;
  auto literal = [&](std::string bytes) {
    if (bytes.empty()) return;
    uint64_t n = bytes.size();
    if (!plan.segments.empty() && plan.segments.back().member < 0) {
      plan.segments.back().literal += bytes;
      plan.segments.back().length += n;
    } else {
      plan.segments.push_back({std::move(bytes), -1, off, n});
    }
    off += n;
  };
  for (size_t i = 0; i < members.size(); ++i) {
    const TarMember& m = members[i];
    if (m.path.empty() || m.path.size() > kMaxTarPathBytes) {
      return Error(Errc::kInvalidArgument, "tar member path is empty or too long");
    }
    unsigned mode = m.executable ? 0755 : 0644;
    std::string name, prefix;
    if (!SplitUstar(m.path, &name, &prefix)) {
      std::string pax = PaxRecord("path", m.path);
      literal(Header("PaxHeaders/" + m.path.substr(0, 80), "", pax.size(), 0644, 'x'));
      literal(pax + std::string(Padding(pax.size()), '\0'));
      name = m.path.substr(0, 100);
      prefix.clear();
    }
    literal(Header(name, prefix, m.size, mode, '0'));
    plan.member_offsets.push_back(off);
    if (m.size > 0) {
      plan.segments.push_back({"", static_cast<long>(i), off, m.size});
      off += m.size;
    }
    literal(std::string(Padding(m.size), '\0'));
  }
  literal(std::string(2 * kTarBlockSize, '\0'));
  plan.total_size = off;
  return plan;
}

Status ScanTar(int fd, uint64_t file_size, const TarFileCallback& on_entry) {
  uint64_t off = 0;
  std::string pax_path;
  while (off + kTarBlockSize <= file_size) {
    AFS_ASSIGN_OR_RETURN(std::string h, ReadRange(fd, off, kTarBlockSize));
    off += kTarBlockSize;
    if (h.find_first_not_of('\0') == std::string::npos) return OkStatus();  // trailer
    const char* p = h.data();
    unsigned sum = 0;
    for (size_t i = 0; i < kTarBlockSize; ++i) {
      sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(p[i]);
    }
    if (sum != ParseOctal(p + 148, 8))
      return Error(Errc::kMalformed, "tar header checksum mismatch");
    uint64_t size = ParseOctal(p + 124, 12);
    if (size > file_size - off)
      return Error(Errc::kMalformed, "tar member runs past the layer end");
    char type = p[156];
    std::string name(p, strnlen(p, 100));
    std::string prefix(p + 345, strnlen(p + 345, 155));
    std::string path = prefix.empty() ? name : prefix + "/" + name;
    uint64_t next = off + size + Padding(size);
    if (type == 'x') {
      if (size > kMaxPaxHeaderBytes) return Error(Errc::kTooLarge, "tar PAX header too large");
      AFS_ASSIGN_OR_RETURN(std::string pax, ReadRange(fd, off, size));
      for (size_t s = 0; s < pax.size();) {
        size_t sp = pax.find(' ', s);
        if (sp == std::string::npos) break;
        uint64_t len = std::strtoull(pax.c_str() + s, nullptr, 10);
        if (len == 0 || s + len > pax.size()) return Error(Errc::kMalformed, "bad PAX record");
        std::string rec = pax.substr(sp + 1, s + len - sp - 2);
        if (rec.rfind("path=", 0) == 0) pax_path = rec.substr(5);
        s += len;
      }
      off = next;
      continue;
    }
    if (!pax_path.empty()) {
      path = pax_path;
      pax_path.clear();
    }
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (type == '5') {
      AFS_TRY(on_entry(path, true, static_cast<unsigned>(ParseOctal(p + 100, 8)), off, 0));
    } else if (type == '0' || type == '\0') {
      AFS_TRY(on_entry(path, false, static_cast<unsigned>(ParseOctal(p + 100, 8)), off, size));
    } else {
      return Error(Errc::kUnsupported, "tar entry '" + path + "' of type '" + std::string(1, type) +
                                           "' is not a regular file or directory");
    }
    off = next;
  }
  return OkStatus();
}

}  // namespace attestfs::oci
