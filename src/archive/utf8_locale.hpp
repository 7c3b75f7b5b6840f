#pragma once

#include <clocale>
#include <locale.h>

namespace fk::archive {

// Switch this thread (only) to a UTF-8 locale while it lives, so that libarchive takes and hands
// over entry names as the bytes stored (UTF-8) instead of failing to convert them to ASCII.
class Utf8ThreadLocale {
public:
  Utf8ThreadLocale() : m_utf8(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (m_utf8 != static_cast<locale_t>(nullptr)) m_previous = uselocale(m_utf8);
  }
  ~Utf8ThreadLocale() {
    if (m_utf8 == static_cast<locale_t>(nullptr)) return;
    uselocale(m_previous);
    freelocale(m_utf8);
  }
  Utf8ThreadLocale(const Utf8ThreadLocale&) = delete;
  Utf8ThreadLocale& operator=(const Utf8ThreadLocale&) = delete;
  Utf8ThreadLocale(Utf8ThreadLocale&&) = delete;
  Utf8ThreadLocale& operator=(Utf8ThreadLocale&&) = delete;

private:
  locale_t m_utf8;
  locale_t m_previous = static_cast<locale_t>(nullptr);
};

} // namespace fk::archive
