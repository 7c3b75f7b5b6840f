#pragma once

#include <string>
#include <string_view>

namespace fk::net {

// Return `url` without its query string and fragment, safe to log (signed URLs carry secrets there).
std::string redact_url(std::string_view url);

// Return the last path segment of `url` (query and fragment removed); empty when there is none.
std::string last_path_segment(std::string_view url);

// Return "scheme://host[:port]" of an absolute `url`; empty when `url` is not absolute.
std::string url_origin(std::string_view url);

// Return true when `url` is plain http:// to a host other than the loopback (localhost, 127.0.0.0/8,
// [::1]): whatever it carries, credentials included, crosses the network unencrypted.
bool is_cleartext_remote(std::string_view url);

} // namespace fk::net
