#include "net/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <random>

namespace tavle::net {

std::string random_join_code(int digits) {
  std::random_device rd;
  std::string code;
  for (int i = 0; i < digits; ++i) code += static_cast<char>('0' + rd() % 10);
  return code;
}

std::string random_professional_code() { return random_join_code(kProfessionalCodeDigits); }

std::string random_hex(int digits) {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < digits; ++i) text += kHex[rd() % 16];
  return text;
}

std::string random_facilitator_key() { return random_hex(32); }
std::string random_token() { return random_hex(32); }

bool same_secret(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size() || expected.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < given.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

std::optional<Error> check_code_strength(std::string_view code, std::string_view what) {
  bool digits_only = true;
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return Error{"invalid", std::string(what) + ": letters and digits only"};
    if (!std::isdigit(static_cast<unsigned char>(c))) digits_only = false;
  }
  if (code.size() > 32) return Error{"invalid", std::string(what) + ": at most 32 letters or digits"};
  // 10^10 and 36^7 (7.8e10) are the first lengths over 1e10 possibilities.
  if (digits_only && code.size() < 10)
    return Error{"invalid", std::string(what) + ": at least 10 digits (or 7 letters and digits), so that it cannot be "
                                                "guessed during a meeting"};
  if (!digits_only && code.size() < 7)
    return Error{"invalid", std::string(what) + ": at least 7 letters and digits (or 10 digits), so that it cannot "
                                                "be guessed during a meeting"};
  return std::nullopt;
}

std::optional<Error> read_secret_file(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Error{"not_found", "\"" + path + "\": cannot open it"};
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 || st.st_uid != ::getuid()) {
    ::close(fd);
    return Error{"invalid", "\"" + path + "\": must be your own file that only you can read (chmod 600)"};
  }
  std::string text(4096, '\0');
  const ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) return Error{"io", "\"" + path + "\": cannot read it"};
  text.resize(static_cast<std::size_t>(n));
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  out = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  if (out.empty()) return Error{"invalid", "\"" + path + "\": is empty"};
  return std::nullopt;
}

std::optional<Error> write_secret_file(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{"io", "\"" + path + "\": cannot write it"};
  const bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) return Error{"io", "\"" + path + "\": cannot write it"};
  return std::nullopt;
}

}  // namespace tavle::net
