#pragma once

// Build real zip and tar archives with libarchive's writer, and feed them back as chunk streams.

#include "archive/extract.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <any>
#include <archive.h>
#include <archive_entry.h>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <locale.h>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace fk::archive::testing {

namespace fs = std::filesystem;

// Describe one member of an archive to build.
struct Member {
  enum class Kind { file, folder, symlink, hardlink, fifo, char_device };
  // Describe a member; only `name` is needed for a folder or a FIFO.
  Member(std::string name_, std::string data_ = {}, Kind kind_ = Kind::file, std::string target_ = {},
         std::uint64_t zero_bytes_ = 0)
      : name(std::move(name_)), data(std::move(data_)), kind(kind_), target(std::move(target_)),
        zero_bytes(zero_bytes_) {}
  std::string name;
  std::string data; // content of a file
  Kind kind = Kind::file;
  std::string target;           // link target
  std::uint64_t zero_bytes = 0; // appended zeros, written in blocks (for bombs)
};

// Name the container and compression of a built archive.
enum class Container { zip, zip_stored, tar, tar_gz };

// Return a fresh empty folder below the system temporary folder.
inline fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("fk_test_archive_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Return `size` bytes of CSV-like text that compresses but not to nothing.
inline std::string sample_text(std::size_t size) {
  std::string text;
  std::uint64_t x = 88172645463325252ULL;
  while (text.size() < size) {
    x ^= x << 13U;
    x ^= x >> 7U;
    x ^= x << 17U;
    text += std::to_string(x % 100000) + ",item" + std::to_string(x % 97) + ",3.14\n";
  }
  text.resize(size);
  return text;
}

inline la_ssize_t append_to_string(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

inline void check(struct archive* writer, int result, const char* step) {
  if (result < ARCHIVE_WARN) {
    const char* text = archive_error_string(writer);
    throw std::runtime_error(std::string(step) + ": " + (text == nullptr ? "?" : text));
  }
}

// Build an archive holding `members` in memory.
inline std::string build_archive(Container container, const std::vector<Member>& members) {
  // libarchive's writer converts names through the locale: use UTF-8 on this thread meanwhile.
  const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  const locale_t previous = uselocale(utf8);
  const std::unique_ptr<void, std::function<void(void*)>> restore(utf8, [previous](void* locale) {
    uselocale(previous);
    freelocale(static_cast<locale_t>(locale));
  });
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> owner(archive_write_new(), archive_write_free);
  struct archive* writer = owner.get();
  if (container == Container::zip || container == Container::zip_stored) {
    check(writer, archive_write_set_format_zip(writer), "zip");
    check(writer, archive_write_set_options(writer, "zip:hdrcharset=UTF-8"), "hdrcharset");
    if (container == Container::zip_stored) check(writer, archive_write_zip_set_compression_store(writer), "store");
  } else {
    check(writer, archive_write_set_format_pax_restricted(writer), "tar");
    if (container == Container::tar_gz) check(writer, archive_write_add_filter_gzip(writer), "gzip");
  }
  check(writer, archive_write_set_bytes_in_last_block(writer, 1), "last block");
  check(writer, archive_write_open(writer, &out, nullptr, append_to_string, nullptr), "open");
  for (const auto& member : members) {
    std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname_utf8(entry.get(), member.name.c_str());
    archive_entry_set_mtime(entry.get(), 1700000000, 0);
    switch (member.kind) {
    case Member::Kind::file:
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_perm(entry.get(), 0600);
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.data.size() + member.zero_bytes));
      break;
    case Member::Kind::folder:
      archive_entry_set_filetype(entry.get(), AE_IFDIR);
      archive_entry_set_perm(entry.get(), 0700);
      break;
    case Member::Kind::symlink:
      archive_entry_set_filetype(entry.get(), AE_IFLNK);
      archive_entry_set_perm(entry.get(), 0777);
      archive_entry_set_symlink(entry.get(), member.target.c_str());
      break;
    case Member::Kind::hardlink:
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_perm(entry.get(), 0644);
      archive_entry_set_hardlink(entry.get(), member.target.c_str());
      archive_entry_set_size(entry.get(), 0);
      break;
    case Member::Kind::fifo:
      archive_entry_set_filetype(entry.get(), AE_IFIFO);
      archive_entry_set_perm(entry.get(), 0644);
      break;
    case Member::Kind::char_device:
      archive_entry_set_filetype(entry.get(), AE_IFCHR);
      archive_entry_set_perm(entry.get(), 0644);
      archive_entry_set_rdev(entry.get(), makedev(1, 3));
      break;
    }
    check(writer, archive_write_header(writer, entry.get()), "header");
    if (member.kind == Member::Kind::file) {
      if (!member.data.empty()) archive_write_data(writer, member.data.data(), member.data.size());
      const std::string zeros(std::size_t{1} << 20U, '\0');
      for (std::uint64_t left = member.zero_bytes; left > 0;) {
        const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
        archive_write_data(writer, zeros.data(), step);
        left -= step;
      }
    }
  }
  check(writer, archive_write_close(writer), "close");
  return out;
}

// Return a ChunkSource that yields `bytes` in chunks of `chunk_size` and counts its calls.
inline ChunkSource source_of(std::string bytes, std::size_t chunk_size) {
  auto state = std::make_shared<std::pair<std::string, std::size_t>>(std::move(bytes), 0);
  return [state, chunk_size]() -> util::Result<std::optional<std::string>> {
    auto& [data, position] = *state;
    if (position >= data.size()) return std::optional<std::string>{};
    const std::size_t take = std::min(chunk_size, data.size() - position);
    std::optional<std::string> chunk = data.substr(position, take);
    position += take;
    return chunk;
  };
}

// Return the error message of `result`, or "ok", for INFO() in tests.
template <class T> std::string describe(const util::Result<T>& result) {
  return result.ok() ? std::string("ok") : result.error().message();
}

// Count the bytes and newlines of every entry; end_entry returns {bytes, newlines}.
class LineCounter final : public EntryObserver {
public:
  std::vector<std::string> begun;
  void begin_entry(std::string_view relative_path) override {
    begun.emplace_back(relative_path);
    m_bytes = 0;
    m_lines = 0;
  }
  void data(std::string_view bytes) override {
    m_bytes += bytes.size();
    m_lines += static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  }
  std::any end_entry() override { return std::pair<std::size_t, std::size_t>(m_bytes, m_lines); }

private:
  std::size_t m_bytes = 0;
  std::size_t m_lines = 0;
};

// Return every path below `root`, relative and sorted, without following links.
inline std::vector<std::string> tree(const fs::path& root) {
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    out.push_back(fs::relative(it->path(), root).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace fk::archive::testing
