#include "fake_kaggle/faults.hpp"

#include "fake_kaggle/json_read.hpp"
#include "util/json_writer.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace fk::fake_kaggle {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

util::Error bad_rule(std::string_view what, std::size_t index, std::string why) {
  return util::make_error(util::ErrorKind::usage, std::string(what) + ", rule " + std::to_string(index),
                          std::move(why), "fix the rule; see the fault rules in tests/fake_kaggle/README.md");
}

util::Result<FaultRule> parse_rule(const simdjson::dom::object& object, std::string_view what, std::size_t index) {
  const std::string where = std::string(what) + ", rule " + std::to_string(index);
  FaultRule rule;
  for (const auto field : object) {
    static const std::vector<std::string_view> k_known = {
        "match", "count", "status", "retry_after", "error_shape", "cut_after_bytes",
        "wrong_md5", "wrong_crc32c", "crc32c_only", "expire_url", "trickle_bytes_per_sec", "omit_headers", "comment"};
    if (std::find(k_known.begin(), k_known.end(), field.key) == k_known.end()) {
      return bad_rule(what, index, "unknown key \"" + std::string(field.key) + "\"");
    }
  }
  auto match = read_string(object, "match", where);
  auto count = read_int(object, "count", where);
  auto status = read_int(object, "status", where);
  auto shape = read_string(object, "error_shape", where);
  auto cut = read_int(object, "cut_after_bytes", where);
  auto wrong_md5 = read_bool(object, "wrong_md5", where);
  auto wrong_crc32c = read_bool(object, "wrong_crc32c", where);
  auto crc32c_only = read_bool(object, "crc32c_only", where);
  auto expire_url = read_bool(object, "expire_url", where);
  auto trickle = read_int(object, "trickle_bytes_per_sec", where);
  auto omit = read_string_array(object, "omit_headers", where);
  for (const util::Error* error : {match ? nullptr : &match.error(), count ? nullptr : &count.error(),
                                   status ? nullptr : &status.error(), shape ? nullptr : &shape.error(),
                                   cut ? nullptr : &cut.error(), wrong_md5 ? nullptr : &wrong_md5.error(),
                                   crc32c_only ? nullptr : &crc32c_only.error(),
                                   wrong_crc32c ? nullptr : &wrong_crc32c.error(),
                                   expire_url ? nullptr : &expire_url.error(),
                                   trickle ? nullptr : &trickle.error(), omit ? nullptr : &omit.error()}) {
    if (error != nullptr) return *error;
  }
  if (*match) rule.match = **match;
  if (*count) rule.count = **count;
  if (rule.count < -1 || rule.count == 0) return bad_rule(what, index, "count must be positive, or -1 for forever");
  if (*status) {
    if (**status < 100 || **status > 599) return bad_rule(what, index, "status must be an HTTP status code");
    rule.status = static_cast<int>(**status);
  }
  // retry_after is a raw header value: accept a string, or a number written as its decimal text.
  simdjson::dom::element retry;
  if (object.at_key("retry_after").get(retry) == simdjson::SUCCESS && !retry.is_null()) {
    std::string_view text;
    if (retry.get_string().get(text) == simdjson::SUCCESS) {
      rule.retry_after = std::string(text);
    } else {
      std::ostringstream number;
      number << retry;
      rule.retry_after = number.str();
    }
  }
  if (*shape) {
    if (**shape == "legacy") rule.error_shape = ErrorShape::legacy;
    else if (**shape == "google") rule.error_shape = ErrorShape::google;
    else return bad_rule(what, index, "error_shape must be \"legacy\" or \"google\"");
  }
  if (*cut) {
    if (**cut < 0) return bad_rule(what, index, "cut_after_bytes must be >= 0");
    rule.cut_after_bytes = static_cast<std::uint64_t>(**cut);
  }
  rule.wrong_md5 = wrong_md5->value_or(false);
  rule.crc32c_only = crc32c_only->value_or(false);
  rule.wrong_crc32c = wrong_crc32c->value_or(false);
  rule.expire_url = expire_url->value_or(false);
  if (rule.expire_url && rule.status && *rule.status != 400 && *rule.status != 401 && *rule.status != 403) {
    return bad_rule(what, index, "expire_url answers 400 (ExpiredToken), or 401 or 403 when status says so");
  }
  if (*trickle) {
    if (**trickle <= 0) return bad_rule(what, index, "trickle_bytes_per_sec must be > 0");
    rule.trickle_bytes_per_sec = static_cast<std::uint64_t>(**trickle);
  }
  rule.omit_headers = std::move(*omit);
  return rule;
}

} // namespace

bool FaultRule::matches(RequestKind kind, std::string_view method) const {
  if (match == "any") return true;
  if (match == "storage") return kind == RequestKind::storage;
  if (match == "api") return kind == RequestKind::api;
  return kind == RequestKind::api && match == method;
}

bool FaultRule::omits(std::string_view header) const {
  return std::any_of(omit_headers.begin(), omit_headers.end(),
                     [&](const std::string& name) { return iequals(name, header); });
}

util::Result<std::vector<FaultRule>> parse_fault_rules(std::string_view json, std::string_view what) {
  simdjson::dom::parser parser;
  std::vector<FaultRule> rules;
  auto array = parse_json_array(parser, json, what);
  if (!array) {
    auto single = parse_json_object(parser, json, what);
    if (!single) return array.error();
    auto rule = parse_rule(*single, what, 0);
    if (!rule) return rule.error();
    rules.push_back(std::move(*rule));
    return rules;
  }
  std::size_t index = 0;
  for (const auto item : *array) {
    simdjson::dom::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) return bad_rule(what, index, "a rule must be a JSON object");
    auto rule = parse_rule(object, what, index);
    if (!rule) return rule.error();
    rules.push_back(std::move(*rule));
    ++index;
  }
  return rules;
}

void FaultBook::append(std::vector<FaultRule> rules) {
  std::lock_guard lock(m_mutex);
  for (FaultRule& rule : rules) m_rules.push_back(std::move(rule));
}

void FaultBook::clear() {
  std::lock_guard lock(m_mutex);
  m_rules.clear();
}

std::optional<AppliedFault> FaultBook::take(RequestKind kind, std::string_view method) {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_rules.size(); ++i) {
    FaultRule& rule = m_rules[i];
    if (rule.count == 0 || !rule.matches(kind, method)) continue;
    if (rule.count > 0) --rule.count;
    return AppliedFault{i, rule};
  }
  return std::nullopt;
}

std::string FaultBook::to_json() const {
  std::ostringstream out;
  util::JsonWriter json(out, 0);
  std::lock_guard lock(m_mutex);
  json.begin_array();
  for (const FaultRule& rule : m_rules) {
    json.begin_object().field("match", rule.match).field("count", rule.count);
    if (rule.status) json.field("status", *rule.status);
    if (rule.retry_after) json.field("retry_after", *rule.retry_after);
    if (rule.error_shape) json.field("error_shape", *rule.error_shape == ErrorShape::google ? "google" : "legacy");
    if (rule.cut_after_bytes) json.field("cut_after_bytes", *rule.cut_after_bytes);
    if (rule.wrong_md5) json.field("wrong_md5", true);
    if (rule.crc32c_only) json.field("crc32c_only", true);
    if (rule.wrong_crc32c) json.field("wrong_crc32c", true);
    if (rule.expire_url) json.field("expire_url", true);
    if (rule.trickle_bytes_per_sec) json.field("trickle_bytes_per_sec", *rule.trickle_bytes_per_sec);
    json.key("omit_headers").begin_array();
    for (const std::string& name : rule.omit_headers) json.value(name);
    json.end_array().end_object();
  }
  json.end_array();
  return out.str();
}

} // namespace fk::fake_kaggle
