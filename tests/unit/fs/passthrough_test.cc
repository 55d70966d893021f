// Passthrough without a kernel: the wire patches (INIT flags2 + max_stack_depth, open reply flags
// + backing id) and the per-inode rule for which opens may be passthrough opens.
#include <gtest/gtest.h>

#include <cstring>

#include "fuse/passthrough_table.h"
#include "fuse/passthrough_wire.h"

namespace attestfs::fs {
namespace {

template <typename T>
void Put(std::vector<char>& b, size_t off, T v) {
  std::memcpy(b.data() + off, &v, sizeof v);
}
template <typename T>
T Get(const std::vector<char>& b, size_t off) {
  T v;
  std::memcpy(&v, b.data() + off, sizeof v);
  return v;
}

TEST(PassthroughWireTest, InspectsInitOffer) {
  std::vector<char> req(40 + 64, 0);
  Put<uint32_t>(req, 4, passthrough::kOpInit);
  Put<uint64_t>(req, 8, 42);
  Put<uint32_t>(req, 40 + 12, passthrough::kInitExt);
  Put<uint32_t>(req, 40 + 16, passthrough::kFlags2Passthrough);
  auto r = passthrough::InspectRequest(req.data(), req.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->unique, 42u);
  EXPECT_TRUE(r->init_offers_passthrough);
  Put<uint32_t>(req, 40 + 12, 0);  // no FUSE_INIT_EXT: flags2 means nothing
  EXPECT_FALSE(passthrough::InspectRequest(req.data(), req.size())->init_offers_passthrough);
  EXPECT_FALSE(passthrough::InspectRequest(req.data(), 10));
}

TEST(PassthroughWireTest, PatchesInitReplyOnlyWithInitExt) {
  std::vector<char> out(64, 0);
  Put<uint32_t>(out, 32, 1u << 1);
  EXPECT_FALSE(passthrough::PatchInitReply(out.data(), out.size(), 1));
  Put<uint32_t>(out, 12, passthrough::kInitExt);
  ASSERT_TRUE(passthrough::PatchInitReply(out.data(), out.size(), 2));
  EXPECT_EQ(Get<uint32_t>(out, 32), (1u << 1) | passthrough::kFlags2Passthrough);
  EXPECT_EQ(Get<uint32_t>(out, 36), 2u);
  EXPECT_FALSE(passthrough::PatchInitReply(out.data(), 24, 1));
}

TEST(PassthroughWireTest, PatchesOpenReplyAndDropsKeepCache) {
  std::vector<char> out(16, 0);
  Put<uint64_t>(out, 0, 77);
  Put<uint32_t>(out, 8, passthrough::kOpenKeepCache | (1u << 5));  // keep_cache, noflush
  ASSERT_EQ(passthrough::OpenReplyHandle(out.data(), out.size()), 77u);
  EXPECT_FALSE(passthrough::OpenReplyHandle(out.data(), 8));
  passthrough::PatchOpenReply(out.data(), 5);
  EXPECT_EQ(Get<uint32_t>(out, 8), passthrough::kOpenPassthrough | (1u << 5));
  EXPECT_EQ(Get<int32_t>(out, 12), 5);
  EXPECT_EQ(Get<uint64_t>(out, 0), 77u);
}

TEST(PassthroughTableTest, NoPassthroughUntilTheCopyIsReady) {
  PassthroughTable t;
  int registered = 0;
  auto reg = [&]() -> Result<int32_t> { return ++registered; };
  EXPECT_FALSE(t.OnOpen(5, 1, false, reg));
  EXPECT_FALSE(t.TakePendingReply(1));
  t.OnRelease(5, 1);
  auto id = t.OnOpen(5, 2, true, reg);
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, 1);
  EXPECT_EQ(t.TakePendingReply(2), 1);
  EXPECT_FALSE(t.TakePendingReply(2));     // patched once
  EXPECT_TRUE(t.OnOpen(5, 3, true, reg));  // same backing id, registered once
  EXPECT_EQ(registered, 1);
  EXPECT_EQ(t.counters().passthrough_opens, 2u);
  EXPECT_EQ(t.counters().cached_opens, 1u);
}

TEST(PassthroughTableTest, AnOpenPageCachedHandleKeepsNewOpensOrdinary) {
  PassthroughTable t;
  auto reg = []() -> Result<int32_t> { return 9; };
  EXPECT_FALSE(t.OnOpen(5, 1, false, reg));  // still verifying: page-cached
  EXPECT_FALSE(t.OnOpen(5, 2, true, reg));   // the copy is ready, but handle 1 is open
  EXPECT_TRUE(t.OnOpen(6, 3, true, reg));    // another inode is free to
  t.OnRelease(5, 1);
  EXPECT_FALSE(t.OnOpen(5, 4, true, reg));  // handle 2 (page-cached) still open
  t.OnRelease(5, 2);
  t.OnRelease(5, 4);
  EXPECT_TRUE(t.OnOpen(5, 5, true, reg));
}

TEST(PassthroughTableTest, RefusedBackingIsNotRetriedAndStaysOrdinary) {
  PassthroughTable t;
  int calls = 0;
  auto reg = [&]() -> Result<int32_t> {
    ++calls;
    return Error(Errc::kPermission, "no");
  };
  EXPECT_FALSE(t.OnOpen(5, 1, true, reg));
  t.OnRelease(5, 1);
  EXPECT_FALSE(t.OnOpen(5, 2, true, reg));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(t.counters().backing_failures, 1u);
}

}  // namespace
}  // namespace attestfs::fs
