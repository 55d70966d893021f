// DeriveInventory (internal): turns the assembled LayerTree into an ImageInventory — the file
// list, os-release, dpkg packages (+ DEP-5 licenses), Python distributions and model files.
#pragma once

#include "base/result.h"
#include "image/image_inventory.h"
#include "image/layer_tree.h"

namespace attestfs::image {

Status DeriveInventory(const LayerTree& tree, ImageInventory& inv);

}  // namespace attestfs::image
