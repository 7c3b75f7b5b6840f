#include "download/fetch_object.hpp"

#include "archive/extract.hpp"
#include "csv/record_counter.hpp"
#include "util/byte_channel.hpp"
#include "util/fs.hpp"

#include <algorithm>
#include <any>
#include <thread>
#include <utility>

namespace fk::download {

namespace {

constexpr std::size_t k_batch_bytes = std::size_t{256} << 10U;

bool is_csv_name(std::string_view path) {
  if (path.size() < 4) return false;
  std::string tail(path.substr(path.size() - 4));
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return tail == ".csv";
}

// Count the records of every CSV file while it is written.
class CsvRecordObserver : public archive::EntryObserver {
public:
  void begin_entry(std::string_view relative_path) override {
    m_counter.reset();
    if (is_csv_name(relative_path)) m_counter.emplace();
  }
  void data(std::string_view bytes) override {
    if (m_counter) m_counter->feed(bytes);
  }
  std::any end_entry() override {
    if (!m_counter) return {};
    const std::uint64_t records = m_counter->finish();
    m_counter.reset();
    // The header is a record too; the manifest counts data records.
    return std::optional<std::uint64_t>(records > 0 ? records - 1 : 0);
  }

private:
  std::optional<csv::RecordCounter> m_counter;
};

// Stop and join the extraction thread if it still runs when fetch_object is left: transfer() throws
// Failure on a stop request during a retry wait, and a std::thread destroyed while joinable ends the
// whole process with std::terminate.
class JoinOnExit {
public:
  JoinOnExit(util::ByteChannel& channel, std::thread& thread) : m_channel(channel), m_thread(thread) {}
  ~JoinOnExit() {
    if (!m_thread.joinable()) return;
    m_channel.abort(util::make_error(util::ErrorKind::interrupted, "cannot finish the download", "it was stopped"));
    m_thread.join();
  }
  JoinOnExit(const JoinOnExit&) = delete;
  JoinOnExit& operator=(const JoinOnExit&) = delete;
  JoinOnExit(JoinOnExit&&) = delete;
  JoinOnExit& operator=(JoinOnExit&&) = delete;

private:
  util::ByteChannel& m_channel;
  std::thread& m_thread;
};

report::ManifestFile to_manifest_file(const archive::EntryResult& entry) {
  report::ManifestFile file{entry.path, entry.bytes, entry.sha256, std::nullopt};
  if (const auto* records = std::any_cast<std::optional<std::uint64_t>>(&entry.observed)) file.records = *records;
  return file;
}

} // namespace

util::Result<FetchedObject> fetch_object(net::HttpClient& http, const FetchObject& request,
                                         const net::RetryPolicy& retry, const ProgressCallback& progress,
                                         util::Logger& log) {
  util::ByteChannel channel;
  CsvRecordObserver observer;
  std::optional<util::Result<archive::ExtractSummary>> extracted;
  std::optional<util::Result<archive::EntryResult>> stored;

  if (auto status = util::create_directories(request.destination); !status) return status.error();
  std::thread consumer([&] {
    const archive::ChunkSource pull = archive::pull_from(channel);
    if (request.unpack == Unpack::extract) {
      archive::ExtractOptions options;
      options.source_name = request.transfer.identity.ref + " (" + request.transfer.identity.object + ")";
      options.max_total_bytes = request.max_total_bytes;
      options.max_ratio = request.max_ratio;
      options.max_entry_bytes = request.max_entry_bytes;
      extracted = archive::extract_stream(pull, request.destination, options, &observer);
      if (!extracted->ok()) channel.abort(extracted->error());
    } else {
      stored = archive::store_stream(pull, request.destination / request.store_name, &observer);
      if (!stored->ok()) channel.abort(stored->error());
    }
  });
  const JoinOnExit join_on_exit(channel, consumer);

  bool consumer_stopped = false; // the consumer refused more bytes: its error is the cause
  std::string batch;             // curl's small chunks gathered, so the consumer wakes up less often
  const ByteSink sink = [&](std::string_view bytes) {
    if (batch.capacity() < k_batch_bytes) batch.reserve(k_batch_bytes);
    batch.append(bytes);
    if (batch.size() < k_batch_bytes) return true;
    consumer_stopped = !channel.push(std::exchange(batch, {}));
    return !consumer_stopped;
  };
  auto transferred = transfer(http, request.transfer, retry, sink, progress, log);
  if (transferred && !batch.empty() && !channel.push(std::move(batch))) consumer_stopped = true;
  if (transferred) {
    channel.close();
  } else {
    channel.abort(transferred.error());
  }
  consumer.join();

  // The consumer's own error (a refused entry, a bomb) explains a stopped transfer best; when the
  // transfer failed first, the consumer only saw that failure, and the partial stays for a resume.
  const bool consumer_failed_first = transferred.ok() || consumer_stopped;
  if (extracted && !extracted->ok() && consumer_failed_first) {
    if (extracted->error().kind != util::ErrorKind::interrupted) {
      discard_partial(request.transfer.partial_dir, request.transfer.identity);
    }
    return extracted->error();
  }
  if (stored && !stored->ok() && consumer_failed_first) return stored->error();
  if (!transferred) return transferred.error();

  FetchedObject fetched;
  fetched.transfer = *transferred;
  if (extracted) {
    for (const archive::EntryResult& entry : extracted->value().files)
      fetched.files.push_back(to_manifest_file(entry));
    fetched.warnings = extracted->value().warnings;
  } else {
    fetched.files.push_back(to_manifest_file(stored->value()));
    fetched.files.back().path = request.store_name;
  }
  for (report::ManifestFile& file : fetched.files)
    file.path = request.path_prefix + file.path;
  return fetched;
}

} // namespace fk::download
