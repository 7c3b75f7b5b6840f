#include "process/file_check.hpp"
#include "util/fault_points.hpp"

#include "process/contract_checker.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/signals.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace fk::process {

namespace {

// Close a file descriptor when it goes out of scope.
class FdGuard {
public:
  explicit FdGuard(int fd) : m_fd(fd) {}
  ~FdGuard() {
    if (m_fd >= 0) ::close(m_fd);
  }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;

private:
  int m_fd;
};

void compare_with_manifest(FileResult& result) {
  if (result.bytes != result.expected_bytes) {
    result.integrity.push_back({"byte-count", "the file has " + std::to_string(result.bytes) +
                                                  " bytes, the manifest says " +
                                                  std::to_string(result.expected_bytes)});
  }
  if (result.sha256 != result.expected_sha256) {
    result.integrity.push_back(
        {"hash-count", "the file's sha256 is " + result.sha256 + ", the manifest says " + result.expected_sha256});
  }
}

} // namespace

util::Result<FileResult> check_file(const PlannedFile& file, const csv::ScanOptions& scan_options,
                                    const TableContract* contract) {
  csv::ScanOptions options = scan_options;
  std::optional<ContractChecker> checker;
  if (contract != nullptr) {
    if (contract->missing_values) options.null_tokens = *contract->missing_values;
    options.report_type_errors = false;
  }
  FileResult result;
  result.path = file.path;
  result.is_csv = file.is_csv;
  result.expected_bytes = file.expected_bytes;
  result.expected_sha256 = file.expected_sha256;

  const int fd = ::open(file.source.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      result.integrity.push_back(
          {"missing-file", "the manifest lists " + file.source.string() + " but it is not on disk"});
      return result;
    }
    return util::io_error("cannot open " + file.source.string(), errno, file.source);
  }
  FdGuard guard(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) return util::io_error("cannot stat " + file.source.string(), errno, file.source);
  const bool size_matches = static_cast<std::uint64_t>(info.st_size) == file.expected_bytes;

  std::optional<csv::Scanner> scanner;
  if (file.is_csv && size_matches) scanner.emplace(options);
  if (scanner && contract != nullptr) {
    result.schema = contract->origin;
    checker.emplace(*contract, options.null_tokens, options.max_errors_per_code);
    scanner->on_record([&, bound = false](std::uint64_t record, std::span<const std::string_view> fields) mutable {
      if (!bound) checker->bind(scanner->labels());
      bound = true;
      checker->check(record, scanner->record_line(), fields);
    });
  }
  util::Hasher hasher(util::Hasher::Algorithm::sha256);
  const auto buffer = std::make_unique<char[]>(k_read_block);
  for (;;) {
    util::fault_point("process: check a block");
    if (util::stop_requested()) {
      return util::make_error(util::ErrorKind::interrupted, "checking " + file.source.string() + " stopped",
                              "a stop signal arrived", "run the command again");
    }
    const ssize_t got = ::read(fd, buffer.get(), k_read_block);
    if (got < 0) {
      if (errno == EINTR) continue;
      return util::io_error("cannot read " + file.source.string(), errno, file.source);
    }
    if (got == 0) break;
    const std::string_view block(buffer.get(), static_cast<std::size_t>(got));
    hasher.update(block);
    result.bytes += block.size();
    if (scanner) scanner->feed(block);
  }
  result.sha256 = hasher.finish_hex();
  compare_with_manifest(result);
  if (scanner && result.intact()) {
    result.profile = scanner->finish();
    if (checker) checker->finish(*result.profile);
  }
  return result;
}

} // namespace fk::process
