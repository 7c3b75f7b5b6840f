#include "fake_kaggle/options.hpp"

#include "fake_kaggle/server.hpp"
#include "util/signals.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace fk::fake_kaggle {

std::variant<Options, int> parse_options(int argc, char** argv) {
  Options options;
  CLI::App app{"fake-kaggle: a local stand-in for the Kaggle dataset API and its storage, for tests"};
  app.add_option("--datasets", options.datasets_dir, "Data folder: <owner>/<slug>/versions/<N>/...")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on; 0 picks a free one")->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", options.port_file, "Write the port here (atomically) once listening");
  app.add_option("--request-log", options.request_log, "Append one JSON line per request to this file");
  app.add_option("--user", options.users, "Accept Basic credentials NAME:KEY (repeatable)");
  app.add_option("--token", options.tokens, "Accept Bearer TOKEN as user NAME, given as TOKEN=NAME (repeatable)");
  app.add_option("--zip-single-files-above", options.zip_single_files_above,
                 "Serve single files larger than this many bytes as <file>.zip (default: never)");
  app.add_option("--list-page-size", options.list_page_size, "ListDatasets page size")->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--throttle-bytes-per-sec", options.throttle_bytes_per_sec,
                 "Limit the total storage send rate (0: unlimited)");
  app.add_option("--faults", options.faults_file, "JSON array of fault rules to start with")
      ->check(CLI::ExistingFile);
  app.add_option("--cache-dir", options.cache_dir, "Keep built zips here (default: a temporary folder)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error, std::cout, std::cerr);
  }
  return options;
}

int fake_kaggle_main(int argc, char** argv) {
  auto parsed = parse_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  util::install_signal_handlers();
  try {
    auto server = FakeKaggleServer::create(std::move(std::get<Options>(parsed)));
    if (!server) {
      std::cerr << "fake-kaggle: error: " << server.error().message() << "\n";
      return 2;
    }
    if (auto started = (*server)->start(); !started) {
      std::cerr << "fake-kaggle: error: " << started.error().message() << "\n";
      return 1;
    }
    (*server)->run();
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "fake-kaggle: error: " << error.what() << "\n";
    return 1;
  }
}

} // namespace fk::fake_kaggle
