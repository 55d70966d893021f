// The registry-source detection of `attestfs mount SRC`: a reference, or a path.
#include "app/registry_mount_source.h"

#include <gtest/gtest.h>

namespace attestfs::app {
namespace {

TEST(RegistrySourceReferenceTest, TellsRegistryReferencesFromPaths) {
  EXPECT_EQ(RegistrySourceReference("registry:ghcr.io/org/model:v1"), "ghcr.io/org/model:v1");
  EXPECT_EQ(RegistrySourceReference("registry:org/model"), "org/model");  // explicit: Hub defaults
  EXPECT_EQ(RegistrySourceReference("127.0.0.1:5000/models/tiny:v1"),
            "127.0.0.1:5000/models/tiny:v1");
  EXPECT_EQ(RegistrySourceReference("localhost/m@sha256:" + std::string(64, 'a')),
            "localhost/m@sha256:" + std::string(64, 'a'));
  EXPECT_EQ(RegistrySourceReference("dir:127.0.0.1:5000/x"), std::nullopt);
  EXPECT_EQ(RegistrySourceReference("models/tiny"), std::nullopt);  // no host: a (missing) path
  EXPECT_EQ(RegistrySourceReference("./a.b/c"), std::nullopt);
  EXPECT_EQ(RegistrySourceReference("/does/not/exist.d/x"), std::nullopt);
  EXPECT_EQ(RegistrySourceReference("/tmp"), std::nullopt);  // an existing path wins
}

}  // namespace
}  // namespace attestfs::app
