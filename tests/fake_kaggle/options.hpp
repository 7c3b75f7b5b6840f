#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace fk::fake_kaggle {

// The command line of fake-kaggle, with its defaults.
struct Options {
  std::filesystem::path datasets_dir;
  std::string host = "127.0.0.1";
  int port = 0; // 0: pick a free port
  std::filesystem::path port_file;
  std::filesystem::path request_log;
  std::vector<std::string> users;  // NAME:KEY
  std::vector<std::string> tokens; // TOKEN=NAME
  std::uint64_t zip_single_files_above = std::numeric_limits<std::uint64_t>::max(); // default: never zip
  std::int64_t list_page_size = 20;
  std::uint64_t throttle_bytes_per_sec = 0; // 0: unlimited
  std::filesystem::path faults_file;
  std::filesystem::path cache_dir; // empty: a private temporary folder, removed at exit
};

// Parse `argv`; return the options, or the exit code when parsing ended the run (--help, bad usage).
std::variant<Options, int> parse_options(int argc, char** argv);

// Run fake-kaggle with the command line `argv`; return the process exit code.
int fake_kaggle_main(int argc, char** argv);

} // namespace fk::fake_kaggle
