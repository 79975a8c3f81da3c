// Writes a whole file so that readers see the old content or the new, never a part: a temporary file in
// the same directory, flushed to disk, then renamed over the destination.
#pragma once

#include <string>
#include <string_view>

namespace fxlint {

// Empty on success, else why the file could not be written (nothing is left behind then). `durable`:
// fsync before the rename, so a crash cannot leave an empty file; caches that check what they read
// skip it. Safe to call from several threads.
std::string writeFileAtomically(const std::string& path, std::string_view content, bool durable = true);

}  // namespace fxlint
