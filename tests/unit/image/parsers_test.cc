// Package metadata parsers and LayerTree changeset rules, tested without any tar.
#include <gtest/gtest.h>

#include "image/entry_path.h"
#include "image/image_inventory.h"
#include "image/layer_tree.h"
#include "image/package_parsers.h"

namespace attestfs::image {
namespace {

TEST(DpkgStatusTest, KeepsInstalledStanzasOnly) {
  auto pkgs = ParseDpkgStatus(
      "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
      "Package: b\nStatus: deinstall ok config-files\nVersion: 2\n\n"
      "Package: c\nStatus: install ok half-configured\nVersion: 3\n\n"
      "Package: d\nVersion: 4\nSource: dsrc\n\r\n"
      "Package: no-version\nStatus: install ok installed\n",
      "db");
  ASSERT_TRUE(pkgs.ok());
  ASSERT_EQ(pkgs->size(), 2u);
  EXPECT_EQ((*pkgs)[0].name, "a");
  EXPECT_EQ((*pkgs)[1].name, "d");
  EXPECT_EQ((*pkgs)[1].source, "dsrc");
  EXPECT_EQ((*pkgs)[1].source_version, "");
  EXPECT_EQ((*pkgs)[1].database, "db");
}

TEST(DpkgStatusTest, EmptyAndGarbageGiveNoPackages) {
  EXPECT_TRUE(ParseDpkgStatus("", "db")->empty());
  EXPECT_TRUE(ParseDpkgStatus("\n\n \x01\x02 garbage\nno colon line\n", "db")->empty());
}

TEST(PythonMetadataTest, ReadsHeadersNotTheBody) {
  auto d = ParsePythonMetadata(
      "Metadata-Version: 2.1\nname: pkg\nVersion: 3.2\nLicense: UNKNOWN\n"
      "Classifier: License :: OSI Approved :: Apache Software License\n"
      "Classifier: Programming Language :: Python\n\nName: body-name\nLicense: body\n",
      "p/METADATA");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->name, "pkg");
  EXPECT_EQ(d->version, "3.2");
  EXPECT_EQ(d->license, "") << "UNKNOWN is no license";
  EXPECT_EQ(d->license_classifiers, std::vector<std::string>{"Apache Software License"});
  EXPECT_FALSE(ParsePythonMetadata("Version: 1\n", "x").ok());
  EXPECT_FALSE(ParsePythonMetadata("\nName: a\nVersion: 1\n", "x").ok());
}

TEST(OsReleaseTest, UnquotesValues) {
  OsRelease r = ParseOsRelease(
      "# comment\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID='12'\n"
      "PRETTY_NAME=\"Debian \\\"bookworm\\\"\"\nVERSION_CODENAME=bookworm\n");
  EXPECT_EQ(r.id, "debian");
  EXPECT_EQ(r.version_id, "12");
  EXPECT_EQ(r.pretty_name, "Debian \"bookworm\"");
  EXPECT_EQ(r.version_codename, "bookworm");
}

TEST(CopyrightTest, OnlyMachineReadableFiles) {
  EXPECT_EQ(ParseCopyrightLicenses("Format: x\n\nFiles: *\nLicense: MIT\n\nLicense: MIT\n"
                                   "Files: a\nLicense: GPL-2+\n full text\n"),
            (std::vector<std::string>{"MIT", "GPL-2+"}));
  EXPECT_TRUE(ParseCopyrightLicenses("This package is GPL.\nLicense: MIT\n").empty());
}

TEST(ModelFormatTest, ByExtensionWithBinThreshold) {
  EXPECT_EQ(ModelFormatFor("a/b.SafeTensors", 1), "safetensors");
  EXPECT_EQ(ModelFormatFor("m.gguf", 1), "gguf");
  EXPECT_EQ(ModelFormatFor("eng.traineddata", 1), "tesseract");
  EXPECT_EQ(ModelFormatFor("w.bin", 100), "");
  EXPECT_EQ(ModelFormatFor("w.bin", 2 << 20), "bin");
  EXPECT_EQ(ModelFormatFor("README", 5), "");
  EXPECT_EQ(ModelFormatFor(".pt", 5), "");
}

TEST(EntryPathTest, NormalisesAndRefusesTraversal) {
  EXPECT_EQ(*NormalizeEntryPath("./a//b/"), "a/b");
  EXPECT_EQ(*NormalizeEntryPath("/etc/x"), "etc/x");
  EXPECT_EQ(*NormalizeEntryPath("./"), "");
  EXPECT_EQ(NormalizeEntryPath("a/../../b").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(NormalizeEntryPath("..").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(NormalizeEntryPath(std::string(5000, 'a')).error().code(), Errc::kTooLarge);
  EXPECT_EQ(*ResolveLinkTarget("a/b/link", "../c"), "a/c");
  EXPECT_EQ(*ResolveLinkTarget("a/link", "/etc/x"), "etc/x");
  EXPECT_EQ(ResolveLinkTarget("link", "../../x").error().code(), Errc::kUnsafePath);
}

TreeNode Node(TreeNode::Type t, int layer) {
  TreeNode n;
  n.type = t;
  n.layer = layer;
  return n;
}

TEST(LayerTreeTest, WhiteoutRemovesLowerSubtreeButNotSameLayer) {
  LayerTree t;
  ASSERT_TRUE(t.Put("d", Node(TreeNode::Type::kDir, 0)).ok());
  ASSERT_TRUE(t.Put("d/x", Node(TreeNode::Type::kRegular, 0)).ok());
  ASSERT_TRUE(t.Put("d/sub/y", Node(TreeNode::Type::kRegular, 0)).ok());
  ASSERT_TRUE(t.Put("dz", Node(TreeNode::Type::kRegular, 0)).ok());
  t.Whiteout("d", 1);
  EXPECT_EQ(t.Find("d"), nullptr);
  EXPECT_EQ(t.Find("d/sub/y"), nullptr);
  EXPECT_NE(t.Find("dz"), nullptr) << "a sibling sharing the prefix stays";
  ASSERT_TRUE(t.Put("e/new", Node(TreeNode::Type::kRegular, 1)).ok());
  t.Whiteout("e/new", 1);
  EXPECT_NE(t.Find("e/new"), nullptr) << "whiteouts only hide lower layers";
}

TEST(LayerTreeTest, FileReplacingDirectoryDropsItsChildren) {
  LayerTree t;
  ASSERT_TRUE(t.Put("d", Node(TreeNode::Type::kDir, 0)).ok());
  ASSERT_TRUE(t.Put("d/x", Node(TreeNode::Type::kRegular, 0)).ok());
  ASSERT_TRUE(t.Put("d", Node(TreeNode::Type::kDir, 1)).ok());
  EXPECT_NE(t.Find("d/x"), nullptr) << "re-declaring a directory keeps its children";
  ASSERT_TRUE(t.Put("d", Node(TreeNode::Type::kRegular, 2)).ok());
  EXPECT_EQ(t.Find("d/x"), nullptr);
  EXPECT_EQ(t.Find("d")->type, TreeNode::Type::kRegular);
}

TEST(LayerTreeTest, OpaqueHidesLowerChildrenOnly) {
  LayerTree t;
  ASSERT_TRUE(t.Put("o/a", Node(TreeNode::Type::kRegular, 0)).ok());
  ASSERT_TRUE(t.Put("o/b", Node(TreeNode::Type::kRegular, 1)).ok());
  t.Opaque("o", 1);
  EXPECT_EQ(t.Find("o/a"), nullptr);
  EXPECT_NE(t.Find("o/b"), nullptr);
  t.Opaque("", 2);  // an opaque marker at the root hides everything below
  EXPECT_EQ(t.Find("o/b"), nullptr);
}

}  // namespace
}  // namespace attestfs::image
