// Tests for remote URL sanitising (no credentials in BOMs) and the Hugging Face purl.
#include "sbom/git_remote.h"

#include <gtest/gtest.h>

namespace attestfs::sbom {
namespace {

constexpr const char* kCommit = "559062AD13D311B87B2C455E67DCD5F1C8F65111";

TEST(GitRemoteTest, StripsCredentialsAndNormalisesScpSyntax) {
  EXPECT_EQ(SanitizeRemoteUrl("https://user:tok@github.com/a/b.git"), "https://github.com/a/b.git");
  EXPECT_EQ(SanitizeRemoteUrl("https://tok@github.com/a/b"), "https://github.com/a/b");
  EXPECT_EQ(SanitizeRemoteUrl("https://github.com/a/b?access_token=x#frag"),
            "https://github.com/a/b");
  EXPECT_EQ(SanitizeRemoteUrl("ssh://git@host:22/a/b"), "ssh://git@host:22/a/b");
  EXPECT_EQ(SanitizeRemoteUrl("ssh://git:pw@host/a"), "ssh://host/a");
  EXPECT_EQ(SanitizeRemoteUrl("git@github.com:acme/m.git"), "ssh://git@github.com/acme/m.git");
  EXPECT_EQ(SanitizeRemoteUrl("/srv/git/m"), "file:///srv/git/m");
  EXPECT_EQ(SanitizeRemoteUrl("  https://h/x  "), "https://h/x");
  EXPECT_EQ(SanitizeRemoteUrl("relative/path"), "");
  EXPECT_EQ(SanitizeRemoteUrl("https://h/a b"), "");
  EXPECT_EQ(SanitizeRemoteUrl("1http://h/x"), "");
  EXPECT_EQ(SanitizeRemoteUrl(""), "");
}

TEST(GitRemoteTest, HuggingFacePurlFollowsPurlSpec) {
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/microsoft/deberta-v3-base", kCommit),
            "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111");
  EXPECT_EQ(HuggingFacePurl("https://u:t@huggingface.co/microsoft/deberta-v3-base.git/", kCommit),
            "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111");
  EXPECT_EQ(HuggingFacePurl("git@hf.co:acme/m", kCommit),
            "pkg:huggingface/acme/m@559062ad13d311b87b2c455e67dcd5f1c8f65111");
  EXPECT_EQ(HuggingFacePurl("https://hub-ci.huggingface.co/microsoft/deberta-v3-base", kCommit),
            "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111"
            "?repository_url=https:%2F%2Fhub-ci.huggingface.co");
}

TEST(GitRemoteTest, NoPurlForOtherHostsDatasetsOrBadCommits) {
  EXPECT_EQ(HuggingFacePurl("https://github.com/acme/m", kCommit), "");
  EXPECT_EQ(HuggingFacePurl("https://evilhuggingface.co/acme/m", kCommit), "");
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/datasets/acme/d", kCommit), "");
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/bert-base-uncased", kCommit), "");
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/acme/m", "main"), "");
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/acme/m", ""), "");
  EXPECT_EQ(HuggingFacePurl("https://huggingface.co/acme/m%2F..", kCommit), "");
}

}  // namespace
}  // namespace attestfs::sbom
