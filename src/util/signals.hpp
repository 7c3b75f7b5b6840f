#pragma once

namespace fk::util {

// Install SIGINT and SIGTERM handlers that only set a flag; long operations poll it.
void install_signal_handlers();

// Return the signal number that asked the run to stop, or 0.
int stop_signal() noexcept;

// Return true once SIGINT or SIGTERM has arrived.
inline bool stop_requested() noexcept { return stop_signal() != 0; }

// Throw Failure(interrupted) if a stop was requested; call between atomic steps.
void throw_if_stop_requested();

// Clear the flag (tests only).
void reset_stop_request_for_tests() noexcept;

} // namespace fk::util
