// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace eventcollab::test {

/// A unique directory per test case under the system temp dir, removed afterwards. Set
/// EVENTCOLLAB_KEEP_TEST_DIRS=1 to keep (and print) it for inspecting a failing case.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "eventcollab-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    for (auto it = cleanups_.rbegin(); it != cleanups_.rend(); ++it) (*it)();
    if (std::getenv("EVENTCOLLAB_KEEP_TEST_DIRS") != nullptr) {
      MESSAGE("kept test directory " << path_.string());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Runs `fn` when the directory goes (e.g. dropping a server database made for this test).
  void on_cleanup(std::function<void()> fn) const { cleanups_.push_back(std::move(fn)); }

 private:
  std::filesystem::path path_;
  mutable std::vector<std::function<void()>> cleanups_;
};

}  // namespace eventcollab::test
